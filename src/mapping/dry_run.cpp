#include "mapping/dry_run.hpp"

#include "mapping/request_builder.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace mapping {

std::string mask_secrets(std::string text, std::vector<std::string> secrets)
{
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& secret : secrets) {
        if (secret.empty())
            continue;
        for (std::size_t at = 0; (at = text.find(secret, at)) != std::string::npos;)
            text.replace(at, secret.size(), "***");
    }
    return text;
}

std::string dry_run(const std::vector<rendered_request>& requests, std::string_view base_url)
{
    std::string out;
    std::vector<std::string> secrets;
    for (const auto& r : requests) {
        secrets.insert(secrets.end(), r.secrets.begin(), r.secrets.end());
        out += "# " + r.purpose + (r.idempotent ? " (idempotent)" : "") + "\n";
        out += r.method + " " + std::string(base_url) + r.target() + "\n";
        for (const auto& [name, value] : r.headers)
            out += name + ": " + value + "\n";
        if (r.body)
            out += boost::json::serialize(*r.body) + "\n";
        out += "\n";
    }
    return mask_secrets(std::move(out), std::move(secrets));
}

std::string dry_run_auth(const mapping_file& mapping, const parameter_map& parameters, const secret_resolver& secrets,
                         std::string_view base_url)
{
    const auth_spec& auth = mapping.connection.auth;
    std::vector<std::string> revealed;
    render_scope scope;
    scope.parameters = &parameters;
    scope.secrets = &secrets;
    scope.revealed = &revealed;
    auto text = [&](const template_string& t) {
        render_outcome r = render_template(t, scope);
        return r.error.empty() ? to_text(r.value) : "{" + r.error + "}";
    };
    std::string out;
    switch (auth.kind) {
    case auth_kind::none: return {};
    case auth_kind::static_headers:
        out = "# auth: static_headers, on every request\n";
        for (const auto& h : auth.headers)
            out += h.name + ": " + text(h.value) + "\n";
        break;
    case auth_kind::bearer: out = "# auth: bearer, on every request\nAuthorization: Bearer " + text(auth.token) + "\n"; break;
    case auth_kind::basic:
        // The encoded pair would hide the secret from the masking: shown apart.
        out = "# auth: basic, on every request\nAuthorization: Basic base64(" + text(auth.user) + ":" +
              text(auth.password) + ")\n";
        break;
    case auth_kind::oauth2_client_credentials: {
        const std::string url = text(auth.token_url);
        out = "# auth: oauth2_client_credentials, the token request before the first call\nPOST " +
              (url.starts_with("http://") || url.starts_with("https://") ? url : std::string(base_url) + url) +
              "\ncontent-type: application/x-www-form-urlencoded\ngrant_type=client_credentials&client_id=" +
              detail::percent_encode(text(auth.client_id), false) + "&client_secret=" +
              detail::percent_encode(text(auth.client_secret), false);
        if (!auth.scope.empty())
            out += "&scope=" + detail::percent_encode(text(auth.scope), false);
        out += "\n";
        // The form-encoded secret is the secret too.
        for (std::size_t i = 0, n = revealed.size(); i < n; ++i)
            revealed.push_back(detail::percent_encode(revealed[i], false));
        break;
    }
    case auth_kind::login: {
        detail::build_outcome built =
            detail::build_request(mapping, auth.login.request, scope, nullptr, false, "auth: login, before the first call");
        if (!built.request)
            return "# auth: login request cannot be rendered: " + built.error + "\n\n";
        const bool absolute = built.request->path.starts_with("http://") || built.request->path.starts_with("https://");
        return dry_run({*built.request}, absolute ? std::string_view{} : base_url);
    }
    }
    return mask_secrets(out + "\n", std::move(revealed));
}

} // namespace mapping
