#include "scim/patch_elements.hpp"

#include "scim/error.hpp"
#include "scim/resource.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace scim {

namespace json = boost::json;

std::vector<std::size_t> matching_positions(const json::array& elements, const filter_node& filter,
                                            const attribute& multi_valued)
{
    std::vector<std::size_t> matched;
    for (std::size_t i = 0; i < elements.size(); ++i)
        if (element_matches(filter, elements[i], multi_valued))
            matched.push_back(i);
    return matched;
}

std::size_t filter_terms(const filter_node& filter)
{
    // The parser keeps the tree's depth logarithmic: recursion is safe.
    return std::visit(
        [](const auto& node) -> std::size_t {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, logical_filter>)
                return filter_terms(*node.left) + filter_terms(*node.right);
            else if constexpr (std::is_same_v<node_type, not_filter> || std::is_same_v<node_type, value_path_filter>)
                return filter_terms(*node.inner);
            else
                return 1;
        },
        filter.node);
}

const json::string* value_eq_literal(const filter_node& filter)
{
    const auto* compare = std::get_if<compare_filter>(&filter.node);
    if (compare == nullptr || compare->op != compare_op::eq || !compare->value.is_string())
        return nullptr;
    const attribute_path& path = compare->path;
    const bool names_value = path.schema_urn.empty() && path.sub_attribute.empty() && path.attribute.size() == 5
        && std::equal(path.attribute.begin(), path.attribute.end(), "value",
                      [](char a, char b) { return (a >= 'A' && a <= 'Z' ? char(a - 'A' + 'a') : a) == b; });
    return names_value ? &compare->value.get_string() : nullptr;
}

namespace {

void collect_equalities(const filter_node& filter, const attribute& multi_valued, json::object& element)
{
    if (const auto* logical = std::get_if<logical_filter>(&filter.node); logical && logical->is_and) {
        collect_equalities(*logical->left, multi_valued, element);
        collect_equalities(*logical->right, multi_valued, element);
        return;
    }
    const auto* compare = std::get_if<compare_filter>(&filter.node);
    const attribute* sub = compare && compare->op == compare_op::eq && compare->path.sub_attribute.empty()
        ? multi_valued.find_sub(compare->path.attribute)
        : nullptr;
    if (sub == nullptr || compare->value.is_null())
        throw_no_target("no element of " + multi_valued.name
                        + " matches the filter, and only a filter of \"eq\" comparisons joined by \"and\" "
                          "describes an element to create");
    element[sub->name] = compare->value;
}

} // namespace

json::object element_from_filter(const filter_node& filter, const attribute& multi_valued)
{
    json::object element;
    collect_equalities(filter, multi_valued, element);
    json::value normalized = normalize_value(element, multi_valued);
    json::array* elements = normalized.if_array();
    if (elements == nullptr || elements->size() != 1 || !elements->front().is_object())
        throw_no_target("no element of " + multi_valued.name + " matches the filter");
    return std::move(elements->front().get_object());
}

bool identified_by_value(const attribute& attr)
{
    return attr.find_sub("value") && attr.find_sub("$ref");
}

void keep_single_primary(json::array& elements, const std::vector<std::size_t>& written, const attribute& multi_valued)
{
    const attribute* primary = multi_valued.find_sub("primary");
    if (primary == nullptr)
        return;
    auto is_primary = [&](const json::value& element) {
        const json::value* flag = element.is_object() ? element.get_object().if_contains(primary->name) : nullptr;
        return flag && flag->is_bool() && flag->get_bool();
    };
    std::vector<bool> was_written(elements.size(), false);
    bool wrote_primary = false;
    for (std::size_t i : written) {
        was_written[i] = true;
        wrote_primary = wrote_primary || is_primary(elements[i]);
    }
    if (!wrote_primary)
        return;
    for (std::size_t i = 0; i < elements.size(); ++i)
        if (!was_written[i] && is_primary(elements[i]))
            elements[i].get_object()[primary->name] = false;
}

} // namespace scim
