#pragma once
// What one configuration puts in service, as a whole: a reload builds a new
// generation beside the one serving and swaps it in at once. A request holds
// the generation's router (and through it its targets) by shared_ptr for its
// whole course, so in-flight requests finish on the objects they began on.

#include "api/scim_router.hpp"
#include "api/target.hpp"
#include "config/server_config.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace app {

struct serving_generation {
    // The configuration in force: as loaded, with the settings that need a
    // restart kept at their running values (restart_settings.hpp).
    std::shared_ptr<const config::server_config> config;
    api::target_map targets;
    // Target -> "sha256:…" of its mapping file's text as loaded.
    std::map<std::string, std::string, std::less<>> mapping_hashes;
    std::shared_ptr<api::scim_router> router;
};

// The generation serving now (read by the admin listener).
using generation_source = std::function<std::shared_ptr<const serving_generation>()>;

} // namespace app
