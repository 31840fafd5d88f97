#include "bridge/named_members.hpp"

#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/patch_request.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <string_view>

namespace bridge {
namespace json = boost::json;

namespace {

constexpr std::string_view group_urn = "urn:ietf:params:scim:schemas:core:2.0:Group";

// Attribute names and schema URNs compare without case (RFC 7643 §2.1).
bool same_name(std::string_view a, std::string_view b)
{
    return scim::strings_equal(a, b, false);
}

// `[{"value": "id"}, …]`: the ids, or false when an element is anything else.
bool take_values(const json::value& value, std::vector<std::string>& ids)
{
    const json::array* elements = value.if_array();
    if (elements == nullptr || elements->empty())
        return false;
    for (const auto& element : *elements) {
        const json::object* object = element.if_object();
        const json::value* id = object ? object->if_contains("value") : nullptr;
        if (id == nullptr || !id->is_string())
            return false;
        ids.emplace_back(id->get_string());
    }
    return true;
}

// `value eq "id"`, nothing else.
bool take_value_filter(const scim::filter_node& filter, std::vector<std::string>& ids)
{
    const auto* compare = std::get_if<scim::compare_filter>(&filter.node);
    if (compare == nullptr || compare->op != scim::compare_op::eq || !compare->value.is_string() ||
        !compare->path.schema_urn.empty() || !compare->path.sub_attribute.empty() ||
        !same_name(compare->path.attribute, "value"))
        return false;
    ids.emplace_back(compare->value.get_string());
    return true;
}

bool names_members(const json::object& value)
{
    return std::any_of(value.begin(), value.end(), [](const auto& entry) {
        const std::string_view key = entry.key();
        const auto colon = key.rfind(':');
        return same_name(colon == std::string_view::npos ? key : key.substr(colon + 1), "members");
    });
}

} // namespace

std::optional<std::vector<std::string>> members_named_by(const json::value& body, const scim::patch_limits& limits)
{
    std::vector<std::string> ids;
    try {
        for (const auto& operation : scim::parse_patch_request(body, limits)) {
            if (!operation.path) {
                const json::object* value = operation.value.if_object();
                if (value == nullptr || names_members(*value))
                    return std::nullopt;
                continue;
            }
            const scim::patch_path path = scim::parse_patch_path(*operation.path);
            if (!same_name(path.attribute.attribute, "members"))
                continue;
            if (!path.attribute.schema_urn.empty() && !same_name(path.attribute.schema_urn, group_urn))
                return std::nullopt;  // another schema's `members`: not this list; the full path decides
            if (!path.attribute.sub_attribute.empty() || !path.filtered_sub_attribute.empty())
                return std::nullopt;
            const bool named = path.value_filter
                                   ? operation.op == scim::patch_op_kind::remove && operation.value.is_null() &&
                                         take_value_filter(*path.value_filter, ids)
                                   : operation.op != scim::patch_op_kind::replace && take_values(operation.value, ids);
            if (!named)
                return std::nullopt;
        }
    } catch (const scim::error&) {
        return std::nullopt;
    }
    return ids;
}

} // namespace bridge
