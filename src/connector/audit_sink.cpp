#include "connector/audit_sink.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace connector {

namespace {

bool looks_secret(std::string_view name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::array<std::string_view, 8> markers{
        "token", "key", "secret", "password", "passwd", "sig", "code", "auth"};
    return std::any_of(markers.begin(), markers.end(),
                       [&](std::string_view m) { return lower.find(m) != std::string::npos; });
}

} // namespace

std::string redact_target(std::string_view target)
{
    const auto question = target.find('?');
    if (question == std::string_view::npos)
        return std::string(target);
    std::string out(target.substr(0, question + 1));
    std::string_view query = target.substr(question + 1);
    bool first = true;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (!first)
            out += '&';
        first = false;
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && looks_secret(pair.substr(0, eq))) {
            out += pair.substr(0, eq + 1);
            out += "***";
        } else {
            out += pair;
        }
    }
    return out;
}

} // namespace connector
