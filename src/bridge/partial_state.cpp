#include "bridge/partial_state.hpp"

#include "mapping/scim_path.hpp"

namespace bridge {

namespace json = boost::json;

namespace {

// Removes what the path names, when it names a plain attribute or one
// sub-attribute of a single-valued complex attribute (the shapes a removal
// takes when a vendor call sent null for it).
void remove_value(json::object& resource, const mapping::scim_path& path)
{
    json::object* owner = &resource;
    if (!path.urn.empty()) {
        auto* extension = resource.if_contains(path.urn);
        if (!extension || !extension->is_object())
            return;
        owner = &extension->as_object();
    }
    if (path.filter)
        return;
    if (path.sub_attribute.empty()) {
        owner->erase(path.attribute);
        return;
    }
    if (auto* complex = owner->if_contains(path.attribute); complex && complex->is_object())
        complex->as_object().erase(path.sub_attribute);
}

} // namespace

json::object with_applied_attributes(const json::object& before, const json::object& after,
                                     const std::vector<std::string>& attribute_paths)
{
    json::object kept = before;
    for (const auto& text : attribute_paths) {
        auto parsed = mapping::parse_scim_path(text);
        const auto* path = std::get_if<mapping::scim_path>(&parsed);
        if (!path)
            continue;
        if (const auto* value = mapping::find_value(after, *path))
            mapping::assign_value(kept, *path, *value);
        else
            remove_value(kept, *path);
    }
    return kept;
}

} // namespace bridge
