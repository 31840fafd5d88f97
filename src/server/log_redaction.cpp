#include "server/log_redaction.hpp"

#include <boost/url/decode_view.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
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

namespace {

bool is_attribute_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '_' || c == '-' || c == '$';
}

bool is_comparison(std::string_view word) {
    static constexpr std::array<std::string_view, 9> operators = {"eq", "ne", "co", "sw", "ew",
                                                                  "gt", "lt", "ge", "le"};
    if (word.size() != 2) return false;
    const std::string lower{static_cast<char>(std::tolower(static_cast<unsigned char>(word[0]))),
                            static_cast<char>(std::tolower(static_cast<unsigned char>(word[1])))};
    for (std::string_view op : operators) {
        if (lower == op) return true;
    }
    return false;
}

// The attribute's own name: the part after the last ':' (schema URN) or '.'.
std::string_view leaf_name(std::string_view path) {
    const std::size_t cut = path.find_last_of(".:");
    return cut == std::string_view::npos ? path : path.substr(cut + 1);
}

// Query-string decoding ('+' for a space); a value that is not valid
// percent-encoding (the request is refused anyway) is kept as received.
std::string decode_query_value(std::string_view value) {
    const auto checked = boost::urls::make_pct_string_view(value);
    if (!checked) return std::string(value);
    boost::urls::encoding_opts plus;
    plus.space_as_plus = true;
    const boost::urls::decode_view decoded(*checked, plus);
    return std::string(decoded.begin(), decoded.end());
}

// Encoded again, leaving the characters of filter syntax that need no escape
// readable.
std::string encode_query_value(std::string_view value) {
    static constexpr auto readable = boost::urls::unreserved_chars + boost::urls::grammar::lut_chars("*:/[]@$,()");
    return boost::urls::encode(value, readable);
}

} // namespace

std::string mask_filter_values(std::string_view filter, bool all) {
    std::string out;
    out.reserve(filter.size());
    std::string_view attribute;  // the last attribute path seen
    bool compared = false;       // the last word was a comparison operator
    std::size_t i = 0;
    while (i < filter.size()) {
        const char c = filter[i];
        if (c == '"') {
            std::size_t end = i + 1;
            while (end < filter.size() && filter[end] != '"') end += filter[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, filter.size());
            out += compared && (all || is_secret_name(leaf_name(attribute))) ? std::string_view("\"***\"")
                                                                              : filter.substr(i, end - i);
            compared = false;
            i = end;
        } else if (is_attribute_char(c)) {
            std::size_t end = i;
            while (end < filter.size() && is_attribute_char(filter[end])) ++end;
            const std::string_view word = filter.substr(i, end - i);
            if (compared && (all || is_secret_name(leaf_name(attribute)))) {
                out += "***";  // a number, true, false or null
                compared = false;
            } else {
                out += word;
                compared = is_comparison(word);
                if (!compared) attribute = word;
            }
            i = end;
        } else {
            out += c;
            i += 1;
        }
    }
    return out;
}

std::string redact_target(std::string_view target, config::query_logging policy) {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return std::string(target);
    }
    if (policy == config::query_logging::drop) {
        return std::string(target.substr(0, question));
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
        const std::string_view key = pair.substr(0, equals);
        if (equals != std::string_view::npos && is_secret_name(key)) {
            result += pair.substr(0, equals + 1);
            result += "***";
        } else if (equals != std::string_view::npos && key == "filter") {
            result += pair.substr(0, equals + 1);
            result += encode_query_value(mask_filter_values(decode_query_value(pair.substr(equals + 1)),
                                                            policy == config::query_logging::mask_filter_values));
        } else {
            result += pair;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return result;
}

} // namespace server
