#include "api/query_parameters.hpp"

#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace api {

namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size())
                scim::throw_invalid_syntax("malformed percent-encoding in the query string");
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0)
                scim::throw_invalid_syntax("malformed percent-encoding in the query string");
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

query_parameters::query_parameters(std::string_view query)
{
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        params_.emplace_back(decode(pair.substr(0, eq)),
                             eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1)));
    }
}

std::optional<std::string> query_parameters::get(std::string_view name) const
{
    for (const auto& [key, value] : params_)
        if (boost::iequals(key, name))
            return value;
    return std::nullopt;
}

} // namespace api
