#include "scim/schema.hpp"

#include <algorithm>

namespace scim {

namespace {

// SCIM names are case-insensitive (RFC 7643 §2.1) and ASCII, so a
// locale-free comparison is both correct and cheap.
bool iequals(std::string_view a, std::string_view b)
{
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

template <class Range, class Key>
auto find_by(const Range& range, std::string_view wanted, Key key) -> decltype(&*range.begin())
{
    auto it = std::find_if(range.begin(), range.end(), [&](const auto& item) { return iequals(key(item), wanted); });
    return it == range.end() ? nullptr : &*it;
}

attribute make_sub(std::string name, attribute_type type, bool case_exact, std::string description)
{
    attribute a;
    a.name = std::move(name);
    a.type = type;
    a.case_exact = case_exact;
    a.mutability = mutability::read_only;
    a.description = std::move(description);
    return a;
}

schema build_common_attributes()
{
    schema s;
    s.id = "urn:ietf:params:scim:schemas:core:2.0:Common";
    s.name = "Common";
    s.description = "Attributes every resource carries, whatever its schema.";

    attribute id;
    id.name = "id";
    id.case_exact = true;
    id.mutability = mutability::read_only;
    id.returned = returned::always;
    id.uniqueness = uniqueness::server;
    id.description = "Identifier the service provider assigns; stable for the resource's lifetime.";

    attribute external_id;
    external_id.name = "externalId";
    external_id.case_exact = true;
    external_id.description = "Identifier the provisioning client keeps for the resource.";

    attribute meta;
    meta.name = "meta";
    meta.type = attribute_type::complex;
    meta.mutability = mutability::read_only;
    meta.description = "Bookkeeping the service provider maintains about the resource.";
    meta.sub_attributes = {
        make_sub("resourceType", attribute_type::string, true, "Name of the resource's type."),
        make_sub("created", attribute_type::date_time, false, "When the resource was added."),
        make_sub("lastModified", attribute_type::date_time, false, "When the resource last changed."),
        make_sub("location", attribute_type::reference, true, "URI at which the resource can be read."),
        make_sub("version", attribute_type::string, true, "Entity tag of the current state."),
    };
    meta.sub_attributes[3].reference_types = {"uri"};

    s.attributes = {std::move(id), std::move(external_id), std::move(meta)};
    return s;
}

} // namespace

const attribute* attribute::find_sub(std::string_view wanted) const
{
    return find_by(sub_attributes, wanted, [](const attribute& a) -> std::string_view { return a.name; });
}

const attribute* schema::find(std::string_view wanted) const
{
    return find_by(attributes, wanted, [](const attribute& a) -> std::string_view { return a.name; });
}

const schema* resource_type::find_extension(std::string_view urn) const
{
    const schema_extension* found =
        find_by(extensions, urn, [](const schema_extension& e) -> std::string_view { return e.extension->id; });
    return found ? found->extension : nullptr;
}

// The schema model has no "is an extension" flag, so the URN decides: the
// RFC's core schemas live under urn:ietf:params:scim:schemas:core:, and every
// other schema a resource type can carry is one of its extensions.
bool resolved_attribute::in_extension() const
{
    constexpr std::string_view core_prefix = "urn:ietf:params:scim:schemas:core:";
    return owner != nullptr && owner != &common_attributes() && !owner->id.starts_with(core_prefix);
}

const schema& common_attributes()
{
    static const schema instance = build_common_attributes();
    return instance;
}

const schema* schema_registry::find_schema(std::string_view urn) const
{
    const std::unique_ptr<schema>* found =
        find_by(schemas_, urn, [](const std::unique_ptr<schema>& s) -> std::string_view { return s->id; });
    return found ? found->get() : nullptr;
}

const resource_type* schema_registry::find_resource_type(std::string_view wanted) const
{
    const std::unique_ptr<resource_type>* found = find_by(
        resource_types_, wanted, [](const std::unique_ptr<resource_type>& t) -> std::string_view { return t->name; });
    return found ? found->get() : nullptr;
}

} // namespace scim
