#pragma once
// Shared by the mapping tests: the deployed SCIM schemas, the load options a
// deployment would pass, and a loader for inline YAML.

#include "mapping/mapping_loader.hpp"
#include "mapping/schema_path_checker.hpp"

#include <memory>
#include <string>

namespace mapping_test {

inline std::shared_ptr<const scim::schema_registry> registry()
{
    static auto loaded = scim::schema_registry::load(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/schemas");
    return loaded;
}

inline mapping::load_options options()
{
    mapping::load_options o;
    o.parameters = {"host", "tenantId", "companyId"};
    o.check_path = mapping::schema_path_checker(*registry());
    return o;
}

inline mapping::load_result load_text(const std::string& yaml, const std::string& name = "test.yaml")
{
    return mapping::parse_mapping(yaml, name, options());
}

inline std::string errors_of(const mapping::load_result& r)
{
    std::string out;
    for (const auto& e : r.errors)
        out += e.to_string() + "\n";
    return out;
}

// A minimal valid file to which a test appends one resource section.
inline const char* header =
    "version: 1\n"
    "target: t\n"
    "connection:\n"
    "  base_url: \"http://${param.host}\"\n"
    "  auth: {type: none}\n";

} // namespace mapping_test
