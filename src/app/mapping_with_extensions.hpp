#pragma once
// A mapping file loaded as the server loads it: twice. The first pass reads
// its `extensions` (the target's own SCIM attributes); the second checks its
// SCIM paths against the deployed schemas plus those extensions, which are
// then the target's schemas.

#include "mapping/mapping_loader.hpp"
#include "scim/schema.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace app {

struct mapping_with_schemas {
    mapping::load_result result;
    // The deployed schemas, or a copy extended by the file's `extensions`.
    std::shared_ptr<const scim::schema_registry> schemas;
};

// `options.check_path` is set here.
mapping_with_schemas load_mapping_with_extensions(std::string_view yaml_text, const std::string& file_name,
                                                  mapping::load_options options,
                                                  std::shared_ptr<const scim::schema_registry> deployed);

} // namespace app
