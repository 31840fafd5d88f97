#include "scim/patch_target.hpp"

#include "scim/error.hpp"
#include "scim/resource.hpp"


namespace scim {

namespace json = boost::json;

patch_target resolve_patch_target(const resource_type& type, std::string_view path)
{
    const patch_path parsed = parse_patch_path(path);
    const std::optional<resolved_attribute> resolved = resolve(type, parsed.attribute);
    if (!resolved)
        throw_invalid_path("\"" + std::string(path) + "\" names no attribute of the " + type.name + " resource type");

    patch_target target{*resolved, parsed.value_filter, nullptr};
    const attribute& attr = *resolved->attr;
    if (target.filter) {
        if (!attr.multi_valued || attr.type != attribute_type::complex || resolved->sub)
            throw_invalid_path("\"" + std::string(path) + "\": a value filter applies only to a multi-valued complex attribute");
        if (!parsed.filtered_sub_attribute.empty()) {
            target.filtered_sub = attr.find_sub(parsed.filtered_sub_attribute);
            if (target.filtered_sub == nullptr)
                throw_invalid_path("\"" + std::string(path) + "\": " + attr.name + " has no sub-attribute \""
                                   + parsed.filtered_sub_attribute + "\"");
        }
    } else if (resolved->sub && attr.multi_valued) {
        // "emails.value" would address every element at once; the RFC's way
        // to address elements is a value filter.
        throw_invalid_path("\"" + std::string(path) + "\": select elements of " + attr.name
                           + " with a value filter, e.g. " + attr.name + "[type eq \"work\"]." + resolved->sub->name);
    }
    return target;
}

json::value normalize_patch_value(const json::value& input, const attribute& attr)
{
    // normalize_value reads a missing multi-valued value as []; in PATCH a
    // null value is kept apart, so the operation can tell "unassign".
    return input.is_null() ? json::value(nullptr) : normalize_value(input, attr);
}

} // namespace scim
