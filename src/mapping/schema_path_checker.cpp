#include "mapping/schema_path_checker.hpp"

#include "scim/attribute_path.hpp"

namespace mapping {

path_checker schema_path_checker(const scim::schema_registry& registry)
{
    return [&registry](std::string_view type_name, scim_path& path) -> std::optional<std::string> {
        const scim::resource_type* type = registry.find_resource_type(type_name);
        if (!type)
            return "no SCIM resource type '" + std::string(type_name) + "' is deployed";
        scim::attribute_path top{path.urn, path.attribute, path.sub_attribute};
        auto resolved = scim::resolve(*type, top);
        if (!resolved)
            return "SCIM path '" + path.text + "' names no attribute of " + std::string(type_name) +
                   ", expected an attribute of its schemas";
        // Canonical spelling, so that reads and writes hit the stored keys.
        path.attribute = resolved->attr->name;
        if (resolved->sub)
            path.sub_attribute = resolved->sub->name;
        if (!resolved->in_extension())
            path.urn.clear();
        else
            path.urn = resolved->owner->id;
        return std::nullopt;
    };
}

} // namespace mapping
