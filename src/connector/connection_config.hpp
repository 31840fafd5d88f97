#pragma once
// How the bridge reaches one target system: where, how long it may wait,
// how it retries, how hard it may push, how it trusts the server and how it
// authenticates. Plain values, filled in once by the mapping-file loader and
// read-only afterwards; the connector validates them when it is built.

#include "connector/secret.hpp"

#include <boost/json/value.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace connector {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct timeout_policy {
    milliseconds connect{10'000};             // TCP connect + TLS handshake, per attempt
    milliseconds read{30'000};                // write request + read whole response, per attempt
    // The whole send(), retries and waits included. Below the identity
    // providers' own 60 s so that they get our answer rather than time out.
    milliseconds operation_deadline{50'000};
    // A pooled connection idle for longer is closed rather than reused: vendors
    // and their load balancers drop idle connections silently.
    milliseconds keep_alive_idle{30'000};
};

struct retry_policy {
    unsigned max_attempts = 4;                // first try included; 1 = never retry
    milliseconds initial_backoff{200};
    milliseconds max_backoff{10'000};
    double jitter = 0.2;                      // each backoff is scaled by a random factor in [1 - jitter, 1 + jitter]
    std::vector<unsigned> on_statuses{429, 502, 503, 504};
    bool honour_retry_after = true;           // a Retry-After header replaces the computed backoff
};

struct rate_limits {
    std::size_t max_concurrent_requests = 8;  // also bounds the keep-alive pool
    double max_requests_per_second = 0;       // 0 = unlimited; bursts up to one second's worth
};

struct tls_settings {
    std::string ca_bundle_file;               // PEM; empty = the system's CAs
    std::string client_certificate_file;      // PEM; empty = no client certificate
    std::string client_key_file;              // PEM; required with a client certificate
    bool verify = true;                       // certificate chain and host name; off only for labs
};

// Authentication flows -------------------------------------------------------

struct no_auth {};

struct header_field {
    std::string name;
    secret value;
};

// API keys and other constant headers (x-api-key, x-tenant-id, a static
// Authorization token): sent as given on every request.
struct static_header_auth {
    std::vector<header_field> headers;
};

struct bearer_auth {
    secret token;
};

struct basic_auth {
    std::string user;
    secret password;
};

// RFC 6749 section 4.4: form-encoded POST to token_url, cached for expires_in.
struct oauth2_client_credentials_auth {
    std::string token_url;                    // absolute, or a path relative to base_url
    std::string client_id;
    secret client_secret;
    std::string scope;                        // empty = not sent
    seconds expiry_skew{60};                  // fetch a new token this long before expiry
};

// One request of a login flow: the body is already rendered from the
// mapping's template with the credentials, hence secret.
struct login_request {
    std::string method = "POST";
    std::string target;                       // absolute URL, or a path (+query) relative to base_url
    secret_json body;                         // sent as application/json
    std::vector<header_field> headers;        // extra constant headers
};

// A vendor login that answers a token (twiser: {Email, Password} ->
// AccessToken, AccessTokenExpiryTime, RefreshToken). Pointers are RFC 6901.
struct login_auth {
    login_request login;
    std::string token_pointer = "/AccessToken";
    // Empty = no expiry given (the token is used until a 401). The value may be
    // a number of seconds from now, a string of digits (same) or an ISO 8601
    // date-time (absolute; no offset means UTC).
    std::string expiry_pointer;
    std::string refresh_token_pointer;        // empty = the vendor gives no refresh token
    // Sent instead of a full login while a refresh token is held; the token
    // is written into the body at refresh_token_body_pointer. The answer is
    // read with the same pointers as the login's.
    std::optional<login_request> refresh;
    std::string refresh_token_body_pointer = "/RefreshToken";
    std::string header_name = "Authorization";
    std::string header_prefix = "Bearer ";
    seconds expiry_skew{60};                  // log in again this long before expiry
};

using auth_config = std::variant<no_auth, static_header_auth, bearer_auth, basic_auth,
                                 oauth2_client_credentials_auth, login_auth>;

// Everything ------------------------------------------------------------------

struct connection_config {
    boost::urls::url base_url;                // http or https; its path prefixes every request path
    timeout_policy timeouts;
    retry_policy retry;
    rate_limits limits;
    tls_settings tls;
    auth_config auth;
    std::size_t max_response_body_bytes = 8 * 1024 * 1024;
    std::string user_agent = "scim-bridge";
};

} // namespace connector
