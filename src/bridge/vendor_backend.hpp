#pragma once
// The seam between "new state computed" and "state committed" (the flow in
// docs/architecture.md): a target backed by a vendor API applies each change
// there first; a local target has no backend and commits straight away.

#include "bridge/request_error.hpp"
#include "bridge/request_scope.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
    // The inbound request: its id and the deadline every vendor call keeps.
    request_scope scope;
    // A group PATCH that names its members one by one: `before` and `after`
    // show only those members (bridge/named_members.hpp); the others are
    // the same in both. Only for backends that take_named_members().
    bool named_members_only = false;
};

// What the vendor made of a change, handed back to the backend once the
// store has committed it (or given up on it).
struct applied_change {
    std::optional<std::string> vendor_id;  // the vendor's id of the resource, when known
    bool linked_now = false;               // vendor_id is new (created or found by this write)
    std::int64_t intent = 0;               // the intent row written before the call (0: none)
    // Not sent: kept back in the outbox for later delivery (deferred
    // delivery, deferring_backend.hpp); the store commits the change anyway.
    bool deferred = false;
    // Kept back after the vendor's calls went unanswered (not just queued
    // behind others): a create among them may have reached the vendor.
    bool unanswered = false;
};

class vendor_backend {
public:
    virtual ~vendor_backend() = default;
    // Starts background work (polling asynchronous vendor jobs) on the
    // server's executor.
    virtual void start(boost::asio::any_io_executor) {}
    // Ends that background work (a reload replaced this backend); writes
    // still in flight on it finish as they are.
    virtual void stop() {}
    // Applies the change at the vendor. A failure says why the vendor
    // refused or could not be reached (vendor_failure.hpp); the bridge then
    // commits nothing, except the `applied_attributes` of a multi-call change
    // (a per-attribute update, fields then status) that failed after some of
    // its calls took effect: the vendor holds those, so the store keeps them.
    virtual boost::asio::awaitable<result<applied_change>> apply(const resource_change& change) = 0;

    // Whether a group change of `type` may show only the members a PATCH
    // names (resource_change::named_members_only). A backend that finds it
    // needs the whole group after all answers errc::whole_membership_needed
    // before any vendor call, and the change is made again from the whole
    // group.
    virtual bool takes_named_members(const std::string& /*type*/) const { return false; }
    // The store committed the change: record what must follow it (the
    // correlation, the intent closed). Must not throw for vendor reasons.
    virtual void committed(const resource_change&, const applied_change&) {}
    // The store refused the commit (a concurrent write, a late duplicate):
    // the vendor call stands but the bridge will recompute or refuse.
    virtual void abandoned(const resource_change&, const applied_change&) {}
};

} // namespace bridge
