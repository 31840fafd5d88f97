#include "scim/advertised_schemas.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json/array.hpp>

namespace scim {

namespace json = boost::json;

namespace {

std::string lower(std::string_view text)
{
    return boost::algorithm::to_lower_copy(std::string(text));
}

std::string name_of(const json::value& attribute)
{
    const auto* name = attribute.is_object() ? attribute.as_object().if_contains("name") : nullptr;
    return name && name->is_string() ? lower(name->as_string()) : std::string();
}

} // namespace

void attribute_selection::restrict(std::string_view schema_urn)
{
    schemas_[lower(schema_urn)];
}

void attribute_selection::keep(std::string_view schema_urn, std::string_view attribute, std::string_view sub)
{
    auto& kept = schemas_[lower(schema_urn)][lower(attribute)];
    if (sub.empty())
        kept.whole = true;
    else
        kept.subs.insert(lower(sub));
}

bool attribute_selection::restricted(std::string_view schema_urn) const
{
    return schemas_.contains(lower(schema_urn));
}

bool attribute_selection::advertised(std::string_view schema_urn) const
{
    auto it = schemas_.find(lower(schema_urn));
    return it == schemas_.end() || !it->second.empty();
}

json::object attribute_selection::apply_to_schema(json::object schema) const
{
    const auto* id = schema.if_contains("id");
    if (!id || !id->is_string())
        return schema;
    auto it = schemas_.find(lower(id->as_string()));
    auto* attributes = schema.if_contains("attributes");
    if (it == schemas_.end() || !attributes || !attributes->is_array())
        return schema;
    json::array kept;
    for (auto& attribute : attributes->as_array()) {
        auto found = it->second.find(name_of(attribute));
        if (found == it->second.end())
            continue;
        auto* subs = attribute.as_object().if_contains("subAttributes");
        if (!found->second.whole && subs && subs->is_array()) {
            json::array kept_subs;
            for (auto& sub : subs->as_array())
                if (found->second.subs.contains(name_of(sub)))
                    kept_subs.push_back(std::move(sub));
            *subs = std::move(kept_subs);
        }
        kept.push_back(std::move(attribute));
    }
    *attributes = std::move(kept);
    return schema;
}

json::object attribute_selection::apply_to_resource_type(json::object type) const
{
    auto* extensions = type.if_contains("schemaExtensions");
    if (!extensions || !extensions->is_array())
        return type;
    json::array kept;
    for (auto& extension : extensions->as_array()) {
        const auto* urn = extension.is_object() ? extension.as_object().if_contains("schema") : nullptr;
        if (urn && urn->is_string() && !advertised(urn->as_string()))
            continue;
        kept.push_back(std::move(extension));
    }
    if (kept.empty())
        type.erase("schemaExtensions");
    else
        *extensions = std::move(kept);
    return type;
}

} // namespace scim
