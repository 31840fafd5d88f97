// The RFC 7643 §7 and §6 JSON representations of the schema model, served
// by /Schemas and /ResourceTypes. Every characteristic is written out, even
// at its default, because clients (and the RFC's own examples) expect them.

#include "scim/schema.hpp"
#include "scim/schema_urns.hpp"

#include <boost/json/array.hpp>

namespace scim {

namespace {

namespace json = boost::json;

std::string_view to_word(attribute_type t)
{
    switch (t) {
    case attribute_type::string: return "string";
    case attribute_type::boolean: return "boolean";
    case attribute_type::decimal: return "decimal";
    case attribute_type::integer: return "integer";
    case attribute_type::date_time: return "dateTime";
    case attribute_type::binary: return "binary";
    case attribute_type::reference: return "reference";
    case attribute_type::complex: return "complex";
    }
    return "string";
}

std::string_view to_word(mutability m)
{
    switch (m) {
    case mutability::read_only: return "readOnly";
    case mutability::read_write: return "readWrite";
    case mutability::immutable: return "immutable";
    case mutability::write_only: return "writeOnly";
    }
    return "readWrite";
}

std::string_view to_word(returned r)
{
    switch (r) {
    case returned::always: return "always";
    case returned::never: return "never";
    case returned::by_default: return "default";
    case returned::request: return "request";
    }
    return "default";
}

std::string_view to_word(uniqueness u)
{
    switch (u) {
    case uniqueness::none: return "none";
    case uniqueness::server: return "server";
    case uniqueness::global: return "global";
    }
    return "none";
}

json::array to_array(const std::vector<std::string>& words)
{
    json::array out;
    for (const auto& w : words)
        out.emplace_back(w);
    return out;
}

std::string location_of(std::string_view base_location, std::string_view endpoint, std::string_view id)
{
    std::string out(base_location);
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    out += endpoint;
    out += '/';
    out += id;
    return out;
}

} // namespace

json::object attribute::to_json() const
{
    json::object o;
    o["name"] = name;
    o["type"] = to_word(type);
    o["multiValued"] = multi_valued;
    o["description"] = description;
    o["required"] = required;
    if (!canonical_values.empty())
        o["canonicalValues"] = to_array(canonical_values);
    if (type == attribute_type::reference)
        o["referenceTypes"] = to_array(reference_types);
    if (type == attribute_type::complex) {
        json::array subs;
        for (const auto& sub : sub_attributes)
            subs.emplace_back(sub.to_json());
        o["subAttributes"] = std::move(subs);
    } else {
        o["caseExact"] = case_exact;
    }
    o["mutability"] = to_word(mutability);
    o["returned"] = to_word(returned);
    if (type != attribute_type::complex && type != attribute_type::boolean)
        o["uniqueness"] = to_word(uniqueness);
    return o;
}

json::object schema::to_json(std::string_view base_location) const
{
    json::object o;
    o["schemas"] = json::array{urn::schema};
    o["id"] = id;
    o["name"] = name;
    o["description"] = description;
    json::array attrs;
    for (const auto& a : attributes)
        attrs.emplace_back(a.to_json());
    o["attributes"] = std::move(attrs);
    o["meta"] = json::object{{"resourceType", "Schema"}, {"location", location_of(base_location, "/Schemas", id)}};
    return o;
}

json::object resource_type::to_json(std::string_view base_location) const
{
    json::object o;
    o["schemas"] = json::array{urn::resource_type};
    o["id"] = id;
    o["name"] = name;
    o["endpoint"] = endpoint;
    o["description"] = description;
    o["schema"] = core ? core->id : std::string();
    json::array exts;
    for (const auto& e : extensions)
        exts.emplace_back(json::object{{"schema", e.extension->id}, {"required", e.required}});
    if (!exts.empty())
        o["schemaExtensions"] = std::move(exts);
    o["meta"] =
        json::object{{"resourceType", "ResourceType"}, {"location", location_of(base_location, "/ResourceTypes", id)}};
    return o;
}

} // namespace scim
