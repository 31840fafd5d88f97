#pragma once
// What a reload cannot change in a running process: the listeners (address,
// port, TLS, limits the sessions were made with, the admin listener), the
// store and its threads, the log's format and destination, the shutdown
// timings. A reload names those that differ in a log line and keeps them
// at their running values; everything else (targets, tokens, mappings,
// parameters, pauses, page sizes, the log level) applies at once.

#include "config/server_config.hpp"

#include <string>
#include <vector>

namespace app {

// The keys whose value in `next` differs from `running` and that only a
// restart applies ("listen", "tls", "store.path", …).
std::vector<std::string> settings_needing_restart(const config::server_config& running,
                                                  const config::server_config& next);

// `next` with those settings taken from `running`: the configuration a
// reload actually puts in force (what /config then shows).
config::server_config with_running_settings(config::server_config next, const config::server_config& running);

} // namespace app
