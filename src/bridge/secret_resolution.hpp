#pragma once
// Secrets by name, for the mapping engine: the deployment's own reference
// (config) wins over the mapping file's declaration; either names an
// environment variable or a file. Read at each use so that a rotated file
// is picked up without a restart.

#include "config/server_config.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"

#include <map>
#include <string>

namespace bridge {

mapping::secret_resolver make_secret_resolver(std::map<std::string, config::secret_reference> configured,
                                              std::map<std::string, mapping::secret_ref> declared);

} // namespace bridge
