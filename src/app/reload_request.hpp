#pragma once
// `scim-bridge reload --config C`: asks the running bridge, through its
// admin listener (address and port from the configuration's `admin:`), to
// reload (POST /reload) and prints what it answered.

#include <iosfwd>
#include <optional>
#include <string>

namespace config {
struct server_config;
}

namespace app {

// `admin_token`: the admin token itself (the configuration holds only its
// hash), when `admin.token` is set. Exit code: 0 applied, 1 refused (the
// reasons printed, file:line:column), 2 no admin listener configured or it
// cannot be reached.
int request_reload(const config::server_config& config, const std::optional<std::string>& admin_token,
                   std::ostream& out, std::ostream& err);

} // namespace app
