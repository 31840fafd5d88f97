#include "server/bearer_auth.hpp"

#include "server/error_response.hpp"

#include <cctype>

namespace server {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<std::string_view> presented_token(const http_request& request) {
    const auto header = request.find(http::field::authorization);
    if (header == request.end()) {
        return std::nullopt;
    }
    const std::string_view value = trim(header->value());
    const std::size_t space = value.find_first_of(" \t");
    if (space == std::string_view::npos) {
        // No scheme: the whole value is the token; a lone scheme is not one.
        if (value.empty() || iequals(value, "bearer")) {
            return std::nullopt;
        }
        return value;
    }
    if (!iequals(value.substr(0, space), "bearer")) {
        return std::nullopt;
    }
    const std::string_view token = trim(value.substr(space + 1));
    if (token.empty() || token.find_first_of(" \t") != std::string_view::npos) {
        return std::nullopt;
    }
    return token;
}

http_response unauthorized(const http_request& request, std::string_view detail) {
    http_response response =
        scim_error_response(http::status::unauthorized, detail, request.version(), request.keep_alive());
    response.set(http::field::www_authenticate, "Bearer realm=\"scim-bridge\"");
    return response;
}

} // namespace server
