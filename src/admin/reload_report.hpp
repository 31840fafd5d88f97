#pragma once
// What a reload (SIGHUP, POST /reload, `scim-bridge reload`) did: applied,
// or refused with the reasons (each file problem as file:line:column); what
// changed; what needs a restart to apply.

#include <functional>
#include <string>
#include <vector>

namespace admin {

struct reload_report {
    bool applied = false;
    std::vector<std::string> errors;          // refused: why (the old configuration serves on)
    std::vector<std::string> changes;         // applied: what is new
    std::vector<std::string> restart_needed;  // settings left at their running values
};

// Reloads the configuration and mapping files now and says how it went.
using reload_action = std::function<reload_report()>;

} // namespace admin
