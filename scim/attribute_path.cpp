#include "scim/attribute_path.hpp"

#include "scim/error.hpp"
#include "scim/value_compare.hpp"

namespace scim {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

// ATTRNAME = ALPHA *(nameChar) (RFC 7644 §3.10), plus the "$ref"
// sub-attribute of RFC 7643 references, which starts with '$'.
bool is_attribute_name(std::string_view name)
{
    if (name.empty())
        return false;
    const std::size_t first = name[0] == '$' ? 1 : 0;
    if (first >= name.size() || !is_alpha(name[first]))
        return false;
    for (std::size_t i = first; i < name.size(); ++i)
        if (!is_name_char(name[i]))
            return false;
    return true;
}

std::optional<attribute_path> reject(std::string* problem, std::string why)
{
    if (problem)
        *problem = std::move(why);
    return std::nullopt;
}

} // namespace

std::string attribute_path::to_string() const
{
    std::string text;
    if (!schema_urn.empty())
        text.append(schema_urn).push_back(':');
    text += attribute;
    if (!sub_attribute.empty())
        text.append(".").append(sub_attribute);
    return text;
}

std::optional<attribute_path> try_parse_attribute_path(std::string_view text, std::string* problem)
{
    attribute_path path;
    std::string_view rest = text;
    if (text.size() > 4 && strings_equal(text.substr(0, 4), "urn:", false)) {
        // The attribute name has no colon, so the URN ends at the last one
        // (the URN itself may contain dots, as in "...:enterprise:2.0:User").
        const std::size_t colon = text.rfind(':');
        path.schema_urn = text.substr(0, colon);
        rest = text.substr(colon + 1);
        if (path.schema_urn.find("::") != std::string::npos || path.schema_urn.size() <= 4)
            return reject(problem, "'" + std::string(text) + "' has an empty URN segment");
        if (rest.empty())
            return reject(problem, "'" + std::string(text) + "' names no attribute after the schema URN");
    }
    const std::size_t dot = rest.find('.');
    const std::string_view name = rest.substr(0, dot);
    if (!is_attribute_name(name))
        return reject(problem, "'" + std::string(name) + "' is not a valid attribute name");
    path.attribute = name;
    if (dot != std::string_view::npos) {
        const std::string_view sub = rest.substr(dot + 1);
        if (!is_attribute_name(sub))
            return reject(problem, "'" + std::string(sub) + "' is not a valid sub-attribute name");
        path.sub_attribute = sub;
    }
    return path;
}

attribute_path parse_attribute_path(std::string_view text)
{
    std::string problem;
    if (auto path = try_parse_attribute_path(text, &problem))
        return std::move(*path);
    throw_invalid_path("invalid attribute path: " + problem);
}

std::optional<resolved_attribute> resolve(const resource_type& type, const attribute_path& path)
{
    resolved_attribute found;
    auto try_schema = [&](const schema* s) {
        if (s && !found.attr) {
            found.attr = s->find(path.attribute);
            found.owner = found.attr ? s : nullptr;
        }
    };
    const bool core_urn = type.core && strings_equal(path.schema_urn, type.core->id, false);
    if (path.schema_urn.empty() || core_urn) {
        try_schema(type.core);
        // id, externalId and meta belong to no schema (RFC 7643 §3.1), but
        // clients qualify them with the core URN too.
        try_schema(&common_attributes());
    }
    if (path.schema_urn.empty()) {
        // Lenient: an unqualified extension attribute ("employeeNumber")
        // resolves to the first extension defining it, as identity
        // providers' attribute mappings often omit the URN.
        for (const schema_extension& extension : type.extensions)
            try_schema(extension.extension);
    } else if (!core_urn) {
        try_schema(type.find_extension(path.schema_urn));
    }
    if (!found.attr)
        return std::nullopt;
    if (!path.sub_attribute.empty()) {
        if (found.attr->type != attribute_type::complex)
            return std::nullopt;
        found.sub = found.attr->find_sub(path.sub_attribute);
        if (!found.sub)
            return std::nullopt;
    }
    return found;
}

} // namespace scim
