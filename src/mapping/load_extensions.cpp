// `extensions:`: a target's own SCIM attributes (vendor fields no standard
// schema has), declared per resource type as an extension schema. The
// bridge adds them to that target's schemas, so identity providers see them
// in /Schemas and can send them, and the mapping can map them.

#include "mapping/loader_parts.hpp"

namespace mapping::detail {

namespace {

boost::json::object read_attribute(yaml_reader& r, const YAML::Node& node)
{
    boost::json::object out;
    if (!r.check_map(node, "an extension attribute",
                     {"name", "type", "multiValued", "description", "canonicalValues", "caseExact"}, {"name", "type"}))
        return out;
    out["name"] = r.text(node, "name").value_or("");
    out["type"] =
        r.choice(node, "type", {"string", "boolean", "decimal", "integer", "dateTime", "reference"}).value_or("string");
    if (auto multi = r.boolean(node, "multiValued"))
        out["multiValued"] = *multi;
    if (auto exact = r.boolean(node, "caseExact"))
        out["caseExact"] = *exact;
    if (auto description = r.text(node, "description"))
        out["description"] = *description;
    if (const YAML::Node values = node["canonicalValues"]) {
        if (!values.IsSequence())
            r.error(values, "'canonicalValues' must be a list of strings");
        else
            out["canonicalValues"] = yaml_reader::to_json(values);
    }
    return out;
}

} // namespace

std::vector<extension_spec> read_extensions(load_state& state, const YAML::Node& node)
{
    std::vector<extension_spec> out;
    yaml_reader& r = state.reader;
    if (!node.IsMap()) {
        r.error(node, "'extensions' must map resource types (User, Group) to an extension schema");
        return out;
    }
    for (const auto& entry : node) {
        const std::string type = entry.first.Scalar();
        if (type != "User" && type != "Group") {
            r.error(entry.first, "unknown resource type '" + type + "', expected User or Group");
            continue;
        }
        const YAML::Node schema = entry.second;
        // A missing key is reported by check_map; reading it would throw.
        if (!r.check_map(schema, "an extension", {"schema", "name", "description", "attributes"},
                         {"schema", "attributes"}) ||
            !schema["schema"] || !schema["attributes"])
            continue;
        extension_spec spec;
        spec.resource_type = type;
        spec.mark = r.mark(schema);
        const auto urn = r.text(schema, "schema").value_or("");
        if (!urn.starts_with("urn:"))
            r.error(schema["schema"], "the extension's schema must be a URN, expected e.g. "
                                      "urn:example:scim:schemas:extension:acme:1.0:User");
        spec.schema_json["id"] = urn;
        spec.schema_json["name"] = r.text(schema, "name").value_or(type + " extension");
        if (auto description = r.text(schema, "description"))
            spec.schema_json["description"] = *description;
        boost::json::array attributes;
        const YAML::Node list = schema["attributes"];
        if (!list.IsSequence() || list.size() == 0)
            r.error(list, "'attributes' must be a non-empty list of {name, type}");
        else
            for (const auto& attribute : list)
                attributes.push_back(read_attribute(r, attribute));
        spec.schema_json["attributes"] = std::move(attributes);
        out.push_back(std::move(spec));
    }
    return out;
}

} // namespace mapping::detail
