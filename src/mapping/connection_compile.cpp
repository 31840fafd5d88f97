#include "mapping/connection_compile.hpp"

#include "mapping/request_builder.hpp"

#include <boost/url/parse.hpp>

namespace mapping {
namespace json = boost::json;

namespace {

struct compiler {
    const mapping_file& mapping;
    render_scope scope;
    std::string error;

    std::string text(const template_string& t, std::string_view what)
    {
        if (t.empty() || !error.empty())
            return {};
        render_outcome r = render_template(t, scope);
        if (!r.error.empty())
            error = std::string(what) + ": " + r.error;
        return to_text(r.value);
    }

    std::optional<connector::login_request> login_request(const request_spec& spec, std::string_view what)
    {
        detail::build_outcome built = detail::build_request(mapping, spec, scope, nullptr, false, std::string(what));
        if (!built.request) {
            error = built.error;
            return std::nullopt;
        }
        connector::login_request out;
        out.method = built.request->method;
        out.target = built.request->target();
        out.body = connector::secret_json(built.request->body.value_or(json::object()));
        for (auto& [name, value] : built.request->headers)
            out.headers.push_back({name, connector::secret(value)});
        return out;
    }

    connector::auth_config auth()
    {
        const auth_spec& a = mapping.connection.auth;
        switch (a.kind) {
        case auth_kind::none: return connector::no_auth{};
        case auth_kind::static_headers: {
            connector::static_header_auth out;
            for (const auto& h : a.headers)
                out.headers.push_back({h.name, connector::secret(text(h.value, "auth header " + h.name))});
            return out;
        }
        case auth_kind::bearer: return connector::bearer_auth{connector::secret(text(a.token, "bearer token"))};
        case auth_kind::basic:
            return connector::basic_auth{text(a.user, "basic user"), connector::secret(text(a.password, "basic password"))};
        case auth_kind::oauth2_client_credentials: {
            connector::oauth2_client_credentials_auth out;
            out.token_url = text(a.token_url, "token_url");
            out.client_id = text(a.client_id, "client_id");
            out.client_secret = connector::secret(text(a.client_secret, "client_secret"));
            out.scope = text(a.scope, "scope");
            return out;
        }
        case auth_kind::login: {
            connector::login_auth out;
            if (auto request = login_request(a.login.request, "login"))
                out.login = std::move(*request);
            out.token_pointer = a.login.token_pointer;
            out.expiry_pointer = a.login.expiry_pointer;
            out.refresh_token_pointer = a.login.refresh_token_pointer;
            if (a.login.refresh)
                out.refresh = login_request(*a.login.refresh, "refresh");
            out.refresh_token_body_pointer = a.login.refresh_token_body_pointer;
            out.header_name = a.login.header_name;
            out.header_prefix = a.login.header_prefix;
            out.expiry_skew = std::chrono::seconds(a.login.expiry_skew_s);
            return out;
        }
        }
        return connector::no_auth{};
    }
};

} // namespace

render_outcome render_base_url(const mapping_file& mapping, const parameter_map& parameters)
{
    render_scope scope;
    scope.parameters = &parameters;
    return render_template(mapping.connection.base_url, scope);
}

connector::retry_policy retry_policy_of(const connection_spec& c)
{
    connector::retry_policy out;
    out.max_attempts = c.retry_max_attempts;
    out.initial_backoff = std::chrono::milliseconds(c.retry_initial_backoff_ms);
    out.max_backoff = std::chrono::milliseconds(c.retry_max_backoff_ms);
    out.on_statuses = c.retry_on_statuses;
    out.honour_retry_after = c.honour_retry_after;
    return out;
}

std::variant<connector::connection_config, std::string> compile_connection(const mapping_file& mapping,
                                                                            const parameter_map& parameters,
                                                                            const secret_resolver& secrets)
{
    const connection_spec& c = mapping.connection;
    compiler comp{mapping, {}, {}};
    comp.scope.parameters = &parameters;
    comp.scope.secrets = &secrets;
    connector::connection_config out;
    const std::string base = comp.text(c.base_url, "base_url");
    if (!comp.error.empty())
        return comp.error;
    auto url = boost::urls::parse_absolute_uri(base);
    if (!url || (url->scheme() != "http" && url->scheme() != "https"))
        return "base_url '" + base + "' is not an absolute http(s) URL";
    out.base_url = *url;
    out.timeouts.connect = std::chrono::milliseconds(c.connect_timeout_ms);
    out.timeouts.read = std::chrono::milliseconds(c.read_timeout_ms);
    out.timeouts.operation_deadline = std::chrono::milliseconds(c.operation_deadline_ms);
    out.retry = retry_policy_of(c);
    out.limits.max_concurrent_requests = c.max_concurrent_requests;
    out.limits.max_requests_per_second = c.max_requests_per_second;
    out.tls.ca_bundle_file = comp.text(c.ca_bundle_file, "tls ca_bundle");
    out.tls.client_certificate_file = comp.text(c.client_certificate_file, "tls client_certificate");
    out.tls.client_key_file = comp.text(c.client_key_file, "tls client_key");
    out.tls.verify = c.tls_verify;
    out.auth = comp.auth();
    out.max_response_body_bytes = static_cast<std::size_t>(c.max_response_body_bytes);
    if (!comp.error.empty())
        return comp.error;
    return out;
}

} // namespace mapping
