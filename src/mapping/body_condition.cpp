#include "mapping/body_condition.hpp"

#include "mapping/render_scope.hpp"

#include <algorithm>
#include <cctype>

namespace mapping {
namespace json = boost::json;

namespace {

std::string unescape(std::string token)
{
    for (std::size_t p = 0; (p = token.find("~1", p)) != std::string::npos;)
        token.replace(p, 2, "/");
    for (std::size_t p = 0; (p = token.find("~0", p)) != std::string::npos;)
        token.replace(p, 2, "~");
    return token;
}

void collect(const json::value& node, std::string_view rest, std::vector<const json::value*>& out)
{
    if (rest.empty()) {
        out.push_back(&node);
        return;
    }
    rest.remove_prefix(1);  // the '/'
    const std::size_t end = rest.find('/');
    const std::string token = unescape(std::string(rest.substr(0, end)));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    if (const auto* array = node.if_array()) {
        if (token == "*") {
            for (const auto& element : *array)
                collect(element, rest, out);
            return;
        }
        std::size_t index = 0;
        if (token.empty() || !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return;
        index = std::stoul(token);
        if (index < array->size())
            collect((*array)[index], rest, out);
    } else if (const auto* object = node.if_object()) {
        if (const json::value* next = object->if_contains(token))
            collect(*next, rest, out);
    }
}

bool same_value(const json::value& a, const json::value& b)
{
    if (a.is_string() && b.is_string())
        return std::equal(a.as_string().begin(), a.as_string().end(), b.as_string().begin(), b.as_string().end(),
                          [](char x, char y) {
                              return std::tolower(static_cast<unsigned char>(x)) ==
                                     std::tolower(static_cast<unsigned char>(y));
                          });
    if (a.is_structured() || b.is_structured())
        return a == b;
    return to_text(a) == to_text(b);
}

} // namespace

std::vector<const json::value*> values_at(const json::value& root, std::string_view pointer)
{
    std::vector<const json::value*> out;
    collect(root, pointer, out);
    return out;
}

bool holds(const body_condition& condition, const json::value& body)
{
    for (const json::value* found : values_at(body, condition.pointer)) {
        if (condition.pattern) {
            if (!found->is_structured() && std::regex_search(to_text(*found), *condition.pattern))
                return true;
        } else if (same_value(*found, condition.equals)) {
            return true;
        }
    }
    return false;
}

bool holds(const answer_condition& condition, unsigned status, const json::value& body)
{
    if (!condition.statuses.empty() &&
        std::find(condition.statuses.begin(), condition.statuses.end(), status) == condition.statuses.end())
        return false;
    return std::all_of(condition.body.begin(), condition.body.end(),
                       [&](const body_condition& c) { return holds(c, body); });
}

} // namespace mapping
