#pragma once
// The connection section of a mapping file, as loaded: templates still
// unrendered (deployment parameters and secrets are bound later, by
// compile_connection, so one loaded mapping serves every deployment).

#include "mapping/request_spec.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mapping {

enum class auth_kind { none, static_headers, bearer, basic, oauth2_client_credentials, login };

struct login_spec {
    request_spec request;                     // path relative to base_url, or absolute
    std::string token_pointer;
    std::string expiry_pointer;               // empty: no expiry given
    std::string refresh_token_pointer;        // empty: no refresh token
    std::optional<request_spec> refresh;
    std::string refresh_token_body_pointer = "/RefreshToken";
    std::string header_name = "Authorization";
    std::string header_prefix = "Bearer ";
    long long expiry_skew_s = 60;
};

struct auth_spec {
    auth_kind kind = auth_kind::none;
    std::vector<named_template> headers;      // static_headers
    template_string token;                    // bearer
    template_string user, password;           // basic
    template_string token_url, client_id, client_secret, scope;  // oauth2_client_credentials
    login_spec login;                         // login
};

struct connection_spec {
    template_string base_url;
    std::vector<named_template> headers;      // sent on every request (x-tenant-id …)
    auth_spec auth;
    long long connect_timeout_ms = 10'000;
    long long read_timeout_ms = 30'000;
    long long operation_deadline_ms = 50'000;
    unsigned retry_max_attempts = 4;
    long long retry_initial_backoff_ms = 200;
    long long retry_max_backoff_ms = 10'000;
    std::vector<unsigned> retry_on_statuses{429, 502, 503, 504};
    bool honour_retry_after = true;
    unsigned max_concurrent_requests = 8;
    double max_requests_per_second = 0;
    template_string ca_bundle_file, client_certificate_file, client_key_file;
    bool tls_verify = true;
    long long max_response_body_bytes = 8 * 1024 * 1024;
};

} // namespace mapping
