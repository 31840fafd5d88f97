#pragma once
// The seam between "new state computed" and "state committed" (DESIGN.md):
// a target backed by a vendor API applies each change there first; a local
// target has no backend and commits straight away.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace bridge {

enum class change_kind { create, replace, patch, remove };

struct resource_change {
    change_kind kind;
    std::string type;   // "User" or "Group"
    std::string scim_id;
    const boost::json::object* before = nullptr;  // null on create
    const boost::json::object* after = nullptr;   // null on remove
    // Write-only input (a password) that is passed on but never stored.
    std::optional<std::string> password;
    std::string request_id;
};

class vendor_backend {
public:
    virtual ~vendor_backend() = default;
    // Applies the change at the vendor. Throws scim::error mapped from the
    // vendor's outcome (400/409/404/503/502) when the vendor refuses or
    // cannot be reached; the bridge then commits nothing.
    virtual boost::asio::awaitable<void> apply(const resource_change& change) = 0;
};

} // namespace bridge
