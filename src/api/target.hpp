#pragma once
// A target as the SCIM API sees it: its settings, who may call it, and the
// pipeline that serves its resources.

#include "bridge/resource_service.hpp"
#include "config/server_config.hpp"
#include "scim/advertised_schemas.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace api {

struct target {
    config::target_config settings;
    std::shared_ptr<bridge::resource_service> service;
    // A vendor target advertises only what its mapping carries.
    std::optional<scim::attribute_selection> advertised;
};

// Immutable after start-up: the request path only reads it.
using target_map = std::map<std::string, std::shared_ptr<const target>, std::less<>>;

} // namespace api
