#pragma once
// `scim-bridge jobs`: the asynchronous vendor jobs in the store, for an
// admin (open and failed ones by default, all with `all`). Reads the store
// beside a running bridge (SQLite WAL allows it).

#include "config/server_config.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace app {

// Prints one line per job, newest first; returns the exit code: 0, or 1
// when a failed job is listed (so that a monitoring script can alert).
int list_jobs(const config::server_config& config, const std::optional<std::string>& target, bool all,
              std::ostream& out, std::ostream& err);

} // namespace app
