#include "server/log_redaction.hpp"

#include <array>
#include <cctype>

namespace server {

bool is_secret_name(std::string_view name) {
    static constexpr std::array<std::string_view, 8> fragments = {
        "token", "password", "passwd", "secret", "key", "auth", "signature", "credential"};
    std::string lower;
    lower.reserve(name.size());
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view fragment : fragments) {
        if (lower.find(fragment) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::string redact_target(std::string_view target) {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return std::string(target);
    }
    std::string result(target.substr(0, question + 1));
    std::string_view query = target.substr(question + 1);
    bool first = true;
    while (true) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (!first) result += '&';
        first = false;
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && is_secret_name(pair.substr(0, equals))) {
            result += pair.substr(0, equals + 1);
            result += "***";
        } else {
            result += pair;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return result;
}

} // namespace server
