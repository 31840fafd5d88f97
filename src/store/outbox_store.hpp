#pragma once
// Deferred delivery's backlog (table `outbox`): per resource of a target
// whose vendor could not be reached, one entry saying that the store holds
// a state the vendor does not have yet. The entry keeps what the vendor
// held before the first undelivered write (`vendor_state`; empty: the
// resource was never created there), so that delivery sends the vendor the
// difference between that and whatever the store holds by then: later
// writes of the resource coalesce into the same entry.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace store {

namespace outbox_status {
inline constexpr std::string_view pending = "pending";  // to deliver when due
inline constexpr std::string_view failed = "failed";    // the vendor refused it: waits for a write or an admin
} // namespace outbox_status

struct outbox_entry {
    std::int64_t id = 0;
    std::string target, type, scim_id;
    std::optional<std::string> vendor_state;  // JSON of the resource as the vendor holds it
    // A create was tried at the vendor and its answer never came: the
    // vendor may hold the record although no vendor id is known for it.
    bool maybe_created = false;
    std::string status;
    std::int64_t attempts = 0;
    std::string last_error;
    std::string scim_request_id;  // the first deferred write's request
    std::string created, updated;
    std::int64_t due_in_ms = 0;   // negative: overdue

    bool pending() const { return status == outbox_status::pending; }
};

class outbox_store {
public:
    virtual ~outbox_store() = default;

    virtual std::optional<outbox_entry> find(std::string_view target, std::string_view type,
                                             std::string_view scim_id) const = 0;
    virtual std::optional<outbox_entry> find(std::int64_t id) const = 0;
    // What one kept-back write tells the outbox.
    struct deferral {
        std::optional<std::string> vendor_state;  // what the vendor held before the write (none: no record)
        std::string_view scim_request_id;
        bool maybe_created = false;                // the write was a create whose call went unanswered
        // A delete: the state deleted, which stands for what a create that
        // went unanswered may have left at the vendor.
        std::optional<std::string> deleted_state;
    };
    // A write of the resource was kept back: a new entry holding
    // `vendor_state`, or, when one exists, the same entry made pending and
    // due now (its vendor_state stays: the vendor still holds that; only an
    // entry whose record may exist unknown takes a delete's deleted state).
    virtual void defer(std::string_view target, std::string_view type, std::string_view scim_id,
                       const deferral& write) = 0;
    // Pending entries of `target` that are due, Users before Groups (a
    // group's members must exist at the vendor first), oldest first.
    virtual std::vector<outbox_entry> due(std::string_view target, std::size_t limit) const = 0;
    // Milliseconds until the next pending entry of `target` is due (0: now);
    // nullopt when none is pending.
    virtual std::optional<long long> next_due_in_ms(std::string_view target) const = 0;
    // Pending entries of `target` (of one resource type when given).
    virtual std::int64_t pending_count(std::string_view target,
                                       std::optional<std::string_view> type = std::nullopt) const = 0;
    // Not delivered this time, tried again after `delay_ms` (0: due at
    // once, keeping its place in the order).
    virtual void reschedule(std::int64_t id, long long delay_ms, std::string_view error) = 0;
    // The vendor refused it: kept, no longer delivered on its own.
    virtual void mark_failed(std::int64_t id, std::string_view error) = 0;
    // Pending again and due now, its attempts counted from zero (an admin's
    // retry). False when there is no such entry.
    virtual bool retry(std::int64_t id) = 0;
    // Delivered, or dropped by an admin. False when there is no such entry.
    virtual bool remove(std::int64_t id) = 0;
    // For admins: every entry, `target`'s only when given, oldest first.
    virtual std::vector<outbox_entry> list(std::optional<std::string_view> target, std::size_t limit) const = 0;
};

} // namespace store
