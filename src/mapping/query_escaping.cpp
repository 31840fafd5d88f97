#include "mapping/query_escaping.hpp"

#include "mapping/request_builder.hpp"

namespace mapping {

std::string escape_odata(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    return out;
}

std::string escape_soql(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string escape_url(std::string_view text) { return detail::percent_encode(text, false); }

std::string truncate_text(std::string_view text, std::size_t max_length)
{
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        // A byte that does not continue a UTF-8 sequence starts a character.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && characters++ == max_length)
            return std::string(text.substr(0, i));
    }
    return std::string(text);
}

} // namespace mapping
