#pragma once
// A target as the SCIM API sees it: its settings, who may call it, and the
// pipeline that serves its resources.

#include "bridge/resource_service.hpp"
#include "config/server_config.hpp"

#include <map>
#include <memory>
#include <string>

namespace api {

struct target {
    config::target_config settings;
    std::shared_ptr<bridge::resource_service> service;
};

// Immutable after start-up: the request path only reads it.
using target_map = std::map<std::string, std::shared_ptr<const target>, std::less<>>;

} // namespace api
