// normalize_resource: a POST/PUT body -> canonical form (see resource.hpp).
//
// Keys arrive in every shape identity providers produce (IDP-COMPAT 2, 6, 7,
// 8): simple, any case, dotted ("name.givenName"), URN-qualified at the top
// level, or inside the extension's object. Each is resolved to one
// attribute (or sub-attribute) and merged into a single canonical object;
// keys that resolve to nothing are ignored, read-only ones dropped.

#include "scim/attribute_path.hpp"
#include "scim/error.hpp"
#include "scim/resource.hpp"
#include "scim/schema_urns.hpp"
#include "scim/value_compare.hpp"

namespace scim {

namespace {

namespace json = boost::json;

bool unassigned(const json::value& v)
{
    // RFC 7643 §2.5: null and [] both mean "no value".
    return v.is_null() || (v.is_array() && v.get_array().empty()) || (v.is_object() && v.get_object().empty());
}

json::object& container_for(json::object& resource, const resolved_attribute& r)
{
    if (!r.in_extension())
        return resource;
    json::value& slot = resource[r.owner->id];
    if (!slot.is_object())
        slot = json::object{};
    return slot.get_object();
}

void put(json::object& resource, const resolved_attribute& r, const json::value& input)
{
    const attribute& attr = *r.attr;
    if (attr.mutability == mutability::read_only)
        return;
    if (!r.sub) {
        json::value v = normalize_value(input, attr);
        if (unassigned(v))
            return;
        json::object& target = container_for(resource, r);
        json::value* existing = target.if_contains(attr.name);
        // "name": {…} and "name.givenName" in one body complement each other.
        if (existing && existing->is_object() && v.is_object())
            for (auto& member : v.get_object())
                (*existing).get_object()[member.key()] = std::move(member.value());
        else
            target[attr.name] = std::move(v);
        return;
    }
    if (attr.multi_valued)
        throw_invalid_value("attribute '" + attr.name + "." + r.sub->name
                            + "' names a sub-attribute of a multi-valued attribute; send '" + attr.name
                            + "' as an array of objects");
    if (r.sub->mutability == mutability::read_only)
        return;
    json::value v = normalize_value(input, *r.sub);
    if (unassigned(v))
        return;
    json::value& slot = container_for(resource, r)[attr.name];
    if (!slot.is_object())
        slot = json::object{};
    slot.get_object()[r.sub->name] = std::move(v);
}

// One key of the body, or of an extension's object when `within` names it.
void absorb(json::object& resource, const resource_type& type, std::string_view key, const json::value& value,
            const schema* within)
{
    if (value.is_null())
        return;
    std::optional<attribute_path> path = try_parse_attribute_path(key);
    if (!path)
        return;  // not an attribute name at all: ignored like any unknown key
    if (within && path->schema_urn.empty())
        path->schema_urn = within->id;
    if (std::optional<resolved_attribute> r = resolve(type, *path))
        put(resource, *r, value);
}

void absorb_object(json::object& resource, const resource_type& type, std::string_view key, const json::value& value,
                   const schema& within)
{
    if (value.is_null())
        return;
    if (!value.is_object())
        throw_invalid_value("'" + std::string(key) + "' must be an object holding that schema's attributes");
    for (const auto& member : value.get_object())
        absorb(resource, type, member.key(), member.value(), &within);
}

} // namespace

json::object normalize_resource(const json::object& input, const resource_type& type)
{
    json::object resource;
    for (const auto& member : input) {
        const std::string_view key = member.key();
        if (strings_equal(key, "schemas", false))
            continue;  // recomputed below from what is actually present
        if (const schema* extension = type.find_extension(key))
            absorb_object(resource, type, key, member.value(), *extension);
        else if (strings_equal(key, type.core->id, false))
            absorb_object(resource, type, key, member.value(), *type.core);
        else
            absorb(resource, type, key, member.value(), nullptr);
    }

    json::array schemas{json::string(type.core->id)};
    for (const schema_extension& e : type.extensions) {
        json::value* ext = resource.if_contains(e.extension->id);
        if (ext && unassigned(*ext))
            resource.erase(e.extension->id);
        else if (ext)
            schemas.emplace_back(e.extension->id);
    }
    // `schemas` first: responses are rendered from this object, and people
    // reading them expect it at the top.
    json::object out;
    out.reserve(resource.size() + 1);
    out["schemas"] = std::move(schemas);
    for (auto& member : resource)
        out[member.key()] = std::move(member.value());
    return out;
}

} // namespace scim
