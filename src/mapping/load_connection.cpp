// Reading the connection section: base URL, auth flow, timeouts, retry,
// rate limits, TLS.

#include "mapping/loader_parts.hpp"

namespace mapping::detail {

namespace {

template_string required_template(load_state& state, const YAML::Node& map, std::string_view key,
                                  const template_rules& rules)
{
    return state.reader.template_member(map, key, rules).value_or(template_string{});
}

auth_spec read_auth(load_state& state, const YAML::Node& node)
{
    auth_spec out;
    const auto rules = state.rules(configuration_placeholders);
    if (!node.IsMap() || !node["type"]) {
        state.reader.error(node, "auth needs 'type', expected one of: none, static_headers, bearer, basic, "
                                 "oauth2_client_credentials, login");
        return out;
    }
    const auto type = state.reader.choice(
        node, "type", {"none", "static_headers", "bearer", "basic", "oauth2_client_credentials", "login"});
    if (!type)
        return out;
    if (*type == "none") {
        state.reader.check_map(node, "auth (none)", {"type"});
    } else if (*type == "static_headers") {
        out.kind = auth_kind::static_headers;
        state.reader.check_map(node, "auth (static_headers)", {"type", "headers"}, {"headers"});
        if (const YAML::Node headers = node["headers"]; headers && headers.IsMap())
            for (const auto& entry : headers)
                if (auto value = state.reader.template_at(entry.second, rules))
                    out.headers.push_back({entry.first.Scalar(), std::move(*value)});
    } else if (*type == "bearer") {
        out.kind = auth_kind::bearer;
        state.reader.check_map(node, "auth (bearer)", {"type", "token"}, {"token"});
        out.token = required_template(state, node, "token", rules);
    } else if (*type == "basic") {
        out.kind = auth_kind::basic;
        state.reader.check_map(node, "auth (basic)", {"type", "user", "password"}, {"user", "password"});
        out.user = required_template(state, node, "user", rules);
        out.password = required_template(state, node, "password", rules);
    } else if (*type == "oauth2_client_credentials") {
        out.kind = auth_kind::oauth2_client_credentials;
        state.reader.check_map(node, "auth (oauth2_client_credentials)",
                               {"type", "token_url", "client_id", "client_secret", "scope"},
                               {"token_url", "client_id", "client_secret"});
        out.token_url = required_template(state, node, "token_url", rules);
        out.client_id = required_template(state, node, "client_id", rules);
        out.client_secret = required_template(state, node, "client_secret", rules);
        out.scope = required_template(state, node, "scope", rules);
    } else {
        out.kind = auth_kind::login;
        state.reader.check_map(node, "auth (login)",
                               {"type", "request", "token", "expiry", "refresh_token", "refresh", "refresh_token_at",
                                "header", "prefix", "expiry_skew_s"},
                               {"request", "token"});
        login_spec& login = out.login;
        if (const YAML::Node request = node["request"])
            login.request = read_request(state, request, rules);
        login.token_pointer = state.reader.pointer(node, "token").value_or("");
        login.expiry_pointer = state.reader.pointer(node, "expiry").value_or("");
        login.refresh_token_pointer = state.reader.pointer(node, "refresh_token").value_or("");
        if (const YAML::Node refresh = node["refresh"]) {
            login.refresh = read_request(state, refresh, rules);
            if (login.refresh_token_pointer.empty())
                state.reader.error(refresh, "'refresh' needs 'refresh_token', expected the pointer to the refresh token");
        }
        login.refresh_token_body_pointer = state.reader.pointer(node, "refresh_token_at").value_or("/RefreshToken");
        login.header_name = state.reader.text(node, "header").value_or("Authorization");
        login.header_prefix = state.reader.text(node, "prefix").value_or("Bearer ");
        login.expiry_skew_s = state.reader.integer(node, "expiry_skew_s", 0, 3600).value_or(60);
    }
    return out;
}

} // namespace

connection_spec read_connection(load_state& state, const YAML::Node& node)
{
    connection_spec out;
    if (!state.reader.check_map(node, "connection",
                                {"base_url", "headers", "auth", "timeouts", "retry", "rate_limit", "tls",
                                 "max_response_bytes"},
                                {"base_url", "auth"}))
        return out;
    const auto rules = state.rules(configuration_placeholders);
    out.base_url = required_template(state, node, "base_url", rules);
    if (const YAML::Node headers = node["headers"]) {
        if (!headers.IsMap())
            state.reader.error(headers, "headers must be a mapping of names to templates");
        else
            for (const auto& entry : headers)
                if (auto value = state.reader.template_at(entry.second, rules))
                    out.headers.push_back({entry.first.Scalar(), std::move(*value)});
    }
    if (const YAML::Node auth = node["auth"])
        out.auth = read_auth(state, auth);
    if (const YAML::Node t = node["timeouts"];
        t && state.reader.check_map(t, "timeouts", {"connect_ms", "read_ms", "operation_ms"})) {
        out.connect_timeout_ms = state.reader.integer(t, "connect_ms", 100, 600'000).value_or(out.connect_timeout_ms);
        out.read_timeout_ms = state.reader.integer(t, "read_ms", 100, 600'000).value_or(out.read_timeout_ms);
        out.operation_deadline_ms =
            state.reader.integer(t, "operation_ms", 100, 3'600'000).value_or(out.operation_deadline_ms);
    }
    if (const YAML::Node r = node["retry"];
        r && state.reader.check_map(r, "retry",
                                    {"max_attempts", "initial_backoff_ms", "max_backoff_ms", "on_statuses",
                                     "honour_retry_after"})) {
        out.retry_max_attempts =
            static_cast<unsigned>(state.reader.integer(r, "max_attempts", 1, 20).value_or(out.retry_max_attempts));
        out.retry_initial_backoff_ms =
            state.reader.integer(r, "initial_backoff_ms", 0, 600'000).value_or(out.retry_initial_backoff_ms);
        out.retry_max_backoff_ms = state.reader.integer(r, "max_backoff_ms", 0, 600'000).value_or(out.retry_max_backoff_ms);
        if (const YAML::Node statuses = r["on_statuses"]) {
            out.retry_on_statuses.clear();
            if (!statuses.IsSequence())
                state.reader.error(statuses, "'on_statuses' must be a list of HTTP status codes");
            else
                for (const auto& element : statuses) {
                    unsigned status = 0;
                    if (!YAML::convert<unsigned>::decode(element, status) || status < 400 || status > 599)
                        state.reader.error(element, "expected an HTTP error status from 400 to 599");
                    else
                        out.retry_on_statuses.push_back(status);
                }
        }
        out.honour_retry_after = state.reader.boolean(r, "honour_retry_after").value_or(true);
    }
    if (const YAML::Node l = node["rate_limit"];
        l && state.reader.check_map(l, "rate_limit", {"max_concurrent", "per_second"})) {
        out.max_concurrent_requests =
            static_cast<unsigned>(state.reader.integer(l, "max_concurrent", 1, 1024).value_or(out.max_concurrent_requests));
        out.max_requests_per_second = state.reader.number(l, "per_second", 0, 100'000).value_or(0);
    }
    if (const YAML::Node tls = node["tls"];
        tls && state.reader.check_map(tls, "tls", {"ca_bundle", "client_certificate", "client_key", "verify"})) {
        out.ca_bundle_file = required_template(state, tls, "ca_bundle", rules);
        out.client_certificate_file = required_template(state, tls, "client_certificate", rules);
        out.client_key_file = required_template(state, tls, "client_key", rules);
        if (tls["client_certificate"] && !tls["client_key"])
            state.reader.error(tls, "'client_certificate' needs 'client_key', expected the PEM key file");
        out.tls_verify = state.reader.boolean(tls, "verify").value_or(true);
    }
    out.max_response_body_bytes =
        state.reader.integer(node, "max_response_bytes", 1024, 1LL << 30).value_or(out.max_response_body_bytes);
    return out;
}

} // namespace mapping::detail
