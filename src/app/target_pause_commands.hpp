#pragma once
// `scim-bridge pause` / `resume`: an admin's switch that makes one target of
// a running bridge answer 503 with Retry-After (vendor maintenance) while
// the others go on. Written to the store; the server picks it up within a
// second.

#include "config/server_config.hpp"

#include <ostream>
#include <string>

namespace app {

// Exit codes: 0 done, 2 unknown target.
int pause_target(const config::server_config& config, const std::string& target, const std::string& reason,
                 std::ostream& out, std::ostream& err);
int resume_target(const config::server_config& config, const std::string& target, std::ostream& out,
                  std::ostream& err);

} // namespace app
