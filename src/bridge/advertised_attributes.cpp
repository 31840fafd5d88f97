#include "bridge/advertised_attributes.hpp"

namespace bridge {

namespace {

void keep_path(scim::attribute_selection& selection, const scim::resource_type& type, const mapping::scim_path& path)
{
    const std::string& urn = path.urn.empty() ? type.core->id : path.urn;
    if (path.sub_attribute.empty()) {
        selection.keep(urn, path.attribute);
        return;
    }
    selection.keep(urn, path.attribute, path.sub_attribute);
    // `emails[type eq "work"].value`: the element is told apart by its type.
    if (path.filter) {
        selection.keep(urn, path.attribute, "type");
        selection.keep(urn, path.attribute, "primary");
    }
}

void keep_template(scim::attribute_selection& selection, const scim::resource_type& type,
                   const mapping::template_string& text)
{
    for (const auto& part : text.parts())
        if (part.slot && part.slot->path)
            keep_path(selection, type, *part.slot->path);
}

} // namespace

scim::attribute_selection advertised_attributes(const mapping::mapping_file& mapping,
                                                const scim::schema_registry& schemas)
{
    scim::attribute_selection selection;
    for (const auto& [name, resource] : mapping.resources) {
        const auto* type = schemas.find_resource_type(name);
        if (!type || !type->core)
            continue;
        selection.restrict(type->core->id);
        for (const auto& extension : type->extensions)
            selection.restrict(extension.extension->id);

        // What every target carries whatever its mapping: the identifying
        // name, the bridge's own group membership view, and the state
        // switch when the vendor has calls for it.
        for (const auto& attribute : type->core->attributes)
            if (attribute.required)
                selection.keep(type->core->id, attribute.name);
        if (name == "User") {
            selection.keep(type->core->id, "groups");
            if (resource.find(mapping::operation::deactivate) || resource.find(mapping::operation::reactivate))
                selection.keep(type->core->id, "active");
        }
        if (name == "Group" && resource.find(mapping::operation::add_members))
            selection.keep(type->core->id, "members");

        for (const auto& attribute : resource.attributes) {
            if (attribute.scim)
                keep_path(selection, *type, *attribute.scim);
            if (attribute.value)
                keep_template(selection, *type, *attribute.value);
        }
        if (resource.create.id)
            keep_template(selection, *type, *resource.create.id);
    }
    return selection;
}

} // namespace bridge
