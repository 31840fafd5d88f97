#include "app/target_pause_commands.hpp"

#include "app/store_opening.hpp"

#include <algorithm>

namespace app {

namespace {

bool configured(const config::server_config& config, const std::string& target, std::ostream& err)
{
    const bool found = std::any_of(config.targets.begin(), config.targets.end(),
                                   [&](const config::target_config& t) { return t.name == target; });
    if (!found)
        err << "no target named " << target << " in the configuration\n";
    return found;
}

} // namespace

int pause_target(const config::server_config& config, const std::string& target, const std::string& reason,
                 std::ostream& out, std::ostream& err)
{
    if (!configured(config, target, err))
        return 2;
    auto stores = open_store(config.store);
    stores.pauses->pause(target, reason);
    stores.close();
    out << "target " << target << " paused: it answers 503 with Retry-After within a second; "
        << "`scim-bridge resume` ends it\n";
    return 0;
}

int resume_target(const config::server_config& config, const std::string& target, std::ostream& out,
                  std::ostream& err)
{
    if (!configured(config, target, err))
        return 2;
    auto stores = open_store(config.store);
    const bool was_paused = stores.pauses->resume(target);
    stores.close();
    out << "target " << target << (was_paused ? " resumed\n" : " was not paused\n");
    return 0;
}

} // namespace app
