#pragma once
// The offline verbs around mapping files: `validate` and `dry-run`. Neither
// sends anything to a vendor; both write what they find to the streams given
// and return the process exit code.

#include "config/server_config.hpp"

#include <filesystem>
#include <ostream>
#include <string_view>
#include <vector>

namespace app {

// Loads each file as the bridge would (paths checked against the schemas in
// `schemas_dir`) and prints every problem as "file:line:column: message" to
// `err`, "FILE: ok" to `out` for a good one. 0 when all are good, else 1.
int validate_mappings(const std::vector<std::filesystem::path>& files, const std::filesystem::path& schemas_dir,
                      std::ostream& out, std::ostream& err);

// Computes the change `request_json` ({"method", "path", "body"}) would make
// to the current store of `target` exactly as the pipeline does, and prints
// the vendor requests it would send, secrets masked. Writes nothing to the
// store. 0 on success, 1 when the request would be refused (the SCIM error
// is printed), 2 on a usage error (unknown target, malformed request).
int dry_run(const config::server_config& config, std::string_view target, std::string_view request_json,
            const std::filesystem::path& schemas_dir, std::ostream& out, std::ostream& err);

} // namespace app
