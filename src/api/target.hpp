#pragma once
// A target as the SCIM API sees it: its settings, who may call it, and the
// pipeline that serves its resources.

#include "bridge/resource_service.hpp"
#include "config/server_config.hpp"
#include "scim/advertised_schemas.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <string>

namespace api {

// An admin's pause of a running target (`scim-bridge pause`), refreshed
// from the store by the server; read on every request.
class pause_switch {
public:
    void set(std::optional<std::string> reason)
    {
        std::lock_guard lock(mutex_);
        reason_ = std::move(reason);
        paused_.store(reason_.has_value(), std::memory_order_release);
    }
    // The admin's reason while paused.
    std::optional<std::string> reason() const
    {
        if (!paused_.load(std::memory_order_acquire))
            return std::nullopt;
        std::lock_guard lock(mutex_);
        return reason_;
    }

private:
    std::atomic<bool> paused_{false};
    mutable std::mutex mutex_;
    std::optional<std::string> reason_;
};

// What /Bulk takes (RFC 7644 §3.7.4), advertised in /ServiceProviderConfig
// and enforced with 413: limits.bulk_max_operations and
// limits.bulk_max_payload_bytes (at most the listener's body limit).
struct bulk_limits {
    std::int64_t max_operations = 1000;
    std::int64_t max_payload_bytes = 1024 * 1024;
};

struct target {
    config::target_config settings;
    bulk_limits bulk;
    std::shared_ptr<bridge::resource_service> service;
    // A vendor target advertises only what its mapping carries.
    std::optional<scim::attribute_selection> advertised;
    std::shared_ptr<pause_switch> pause = std::make_shared<pause_switch>();
};

// Immutable after start-up: the request path only reads it.
using target_map = std::map<std::string, std::shared_ptr<const target>, std::less<>>;

} // namespace api
