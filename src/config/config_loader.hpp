#pragma once
// Loads server_config from a YAML (or JSON, which is YAML) file, applies the
// SCIM_BRIDGE_* environment overrides and checks everything once. Errors are
// std::runtime_error "file:line:column: key.path: what is wrong, what was expected".

#include "config/environment.hpp"
#include "config/server_config.hpp"

#include <filesystem>
#include <string>

namespace config {

server_config load_server_config(const std::filesystem::path& file,
                                 const environment_lookup& environment = process_environment());

// Same as load_server_config() for text already in memory; `file` names it in
// errors and anchors relative paths.
server_config parse_server_config(const std::string& text, const std::filesystem::path& file,
                                  const environment_lookup& environment = process_environment());

} // namespace config
