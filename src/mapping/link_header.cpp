#include "mapping/link_header.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace mapping {
namespace {

using boost::algorithm::iequals;

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// rel's value is a space-separated list of relation types (RFC 8288 §3.3).
bool names_next(std::string_view relations)
{
    while (!relations.empty()) {
        const auto end = relations.find(' ');
        if (iequals(relations.substr(0, end), "next"))
            return true;
        relations = end == std::string_view::npos ? std::string_view() : relations.substr(end + 1);
    }
    return false;
}

// One header value: `<uri>; param=value; param="quoted, value", <uri>; …`.
// Commas separate link-values only outside `<…>` and quotes.
std::optional<std::string> next_in(std::string_view value)
{
    std::size_t at = 0;
    while (at < value.size()) {
        const auto open = value.find('<', at);
        if (open == std::string_view::npos)
            return std::nullopt;
        const auto close = value.find('>', open);
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string_view target = value.substr(open + 1, close - open - 1);
        // The parameters up to the comma that ends this link-value.
        bool quoted = false, next = false;
        std::size_t start = close + 1, i = start;
        for (;; ++i) {
            const bool end = i == value.size() || (!quoted && value[i] == ',');
            if (end || (!quoted && value[i] == ';')) {
                const auto param = trimmed(value.substr(start, i - start));
                const auto equals = param.find('=');
                if (equals != std::string_view::npos && iequals(trimmed(param.substr(0, equals)), "rel")) {
                    auto relations = trimmed(param.substr(equals + 1));
                    if (relations.size() >= 2 && relations.front() == '"' && relations.back() == '"')
                        relations = relations.substr(1, relations.size() - 2);
                    next = next || names_next(relations);
                }
                start = i + 1;
                if (end)
                    break;
            } else if (value[i] == '"') {
                quoted = !quoted;
            }
        }
        if (next)
            return std::string(trimmed(target));
        at = i + 1;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> next_link_of(const std::vector<std::pair<std::string, std::string>>& headers)
{
    for (const auto& [name, value] : headers)
        if (iequals(name, "link"))
            if (auto next = next_in(value))
                return next;
    return std::nullopt;
}

} // namespace mapping
