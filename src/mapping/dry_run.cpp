#include "mapping/dry_run.hpp"

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

} // namespace mapping
