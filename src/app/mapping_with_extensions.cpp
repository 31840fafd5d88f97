#include "app/mapping_with_extensions.hpp"

#include "mapping/schema_path_checker.hpp"

#include <stdexcept>

namespace app {

mapping_with_schemas load_mapping_with_extensions(std::string_view yaml_text, const std::string& file_name,
                                                  mapping::load_options options,
                                                  std::shared_ptr<const scim::schema_registry> deployed)
{
    mapping_with_schemas out{{}, deployed};
    // Paths into a schema the deployment does not know may name the file's
    // own attributes: they wait for the second pass; every other problem is
    // reported by this one.
    auto deployed_check = mapping::schema_path_checker(*deployed);
    options.check_path = [&](std::string_view type, mapping::scim_path& path) -> std::optional<std::string> {
        if (!path.urn.empty() && !deployed->find_schema(path.urn))
            return std::nullopt;
        return deployed_check(type, path);
    };
    auto first = mapping::parse_mapping(yaml_text, file_name, options);
    if (!first.mapping) {
        out.result = std::move(first);
        return out;
    }
    if (!first.mapping->extensions.empty()) {
        std::vector<scim::schema_registry::extension_definition> definitions;
        for (const auto& extension : first.mapping->extensions)
            definitions.push_back({extension.resource_type, extension.schema_json, "extensions." + extension.resource_type});
        try {
            out.schemas = deployed->extended(definitions);
        } catch (const std::runtime_error& e) {
            const auto& mark = first.mapping->extensions.front().mark;
            out.result.errors.push_back({file_name, mark.line, mark.column, e.what()});
            return out;
        }
    }
    options.check_path = mapping::schema_path_checker(*out.schemas);
    out.result = mapping::parse_mapping(yaml_text, file_name, options);
    return out;
}

} // namespace app
