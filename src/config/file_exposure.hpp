#pragma once
// Files the server trusts, checked at start-up for what other local users
// could do with them. Files holding a secret (the TLS private key, secret
// files that targets read) must not be readable by others. Files that
// decide behaviour (this configuration, the mapping files) must not be
// writable by others; they may be readable, as packages ship mappings, since
// neither can hold a secret: tokens are configured as hashes, and the loader
// refuses inline secret values.

#include "config/server_config.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace config {

// One problem a line: "<path>: readable by others (a private key)".
std::vector<std::string> exposed_files(const server_config& config);

} // namespace config
