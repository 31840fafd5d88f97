#pragma once
// Deferred delivery's second half: a loop per target that takes the
// outbox's due entries (Users before Groups, oldest first) and brings the
// vendor from the state it holds to the one the store holds, through the
// target's mapped backend, under the resource's lock, so that it never
// races an identity provider's write of the same resource.
//
// Per entry: delivered -> the correlation and intent committed as for any
// write, the entry gone; the vendor still unreachable -> the whole loop
// pauses (backoff), since the next entries would meet the same outage, and
// every entry keeps its place in the order; the vendor refuses (4xx) -> the
// entry is marked failed,
// never retried on its own, and the refusal is recorded as a failed job:
// listed by `scim-bridge jobs`, answered to the resource's next write,
// logged and counted.

#include "bridge/mapped_backend.hpp"
#include "bridge/resource_lock_table.hpp"
#include "store/job_store.hpp"
#include "store/outbox_store.hpp"
#include "store/resource_store.hpp"
#include "store/store_executor.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bridge {

// A refused delivery is recorded as a failed job whose operation starts so;
// the next write of that resource reports it to the identity provider.
bool is_delivery_job(const store::job_row& job);

struct outbox_stores {
    std::shared_ptr<store::outbox_store> outbox;
    std::shared_ptr<store::resource_store> resources;
    std::shared_ptr<store::job_store> jobs;
    std::shared_ptr<store::store_executor> executor;
};

// What happened to one entry, for the log.
struct delivery_event {
    enum class kind { deferred, delivered, waiting, refused };
    kind what = kind::deferred;
    std::string target, type, scim_id, request_id, error;
    std::int64_t entry = 0;
    std::int64_t attempts = 0;
};
using delivery_listener = std::function<void(const delivery_event&)>;

struct courier_settings {
    // Bounds one entry's delivery (lock wait, vendor calls, store).
    std::chrono::milliseconds delivery_timeout{30'000};
    // The longest pause between two tries while the vendor is unreachable:
    // once it is back, the backlog starts moving within this.
    std::chrono::milliseconds max_backoff{10'000};
    // How often an idle loop looks for due entries.
    std::chrono::milliseconds idle_check{1'000};
};

class outbox_courier : public std::enable_shared_from_this<outbox_courier> {
public:
    outbox_courier(std::string target, std::shared_ptr<mapped_backend> vendor, outbox_stores stores,
                   std::shared_ptr<resource_lock_table> locks, courier_settings settings = {},
                   delivery_listener listener = {});

    // Whether entries of the target wait for delivery: while any does, new
    // writes are kept back too (deferring_backend), so that the vendor
    // receives the target's changes in order (a group's new member after
    // that member's own create).
    bool backlog() const { return pending_.load() > 0; }
    // A write was kept back (called inside its store commit).
    void deferred(const delivery_event& event);

    void start(boost::asio::any_io_executor executor);
    // Ends the loop at its next round (a reload replaced this target's
    // pipeline; the new one has its own courier on the same locks).
    void stop() { stopped_.store(true, std::memory_order_relaxed); }

    // One round: every due entry delivered, or the round ended at the first
    // one the vendor could not take. Returns false when the vendor was
    // unreachable. Public for tests, which drive rounds themselves.
    boost::asio::awaitable<bool> deliver_due();

private:
    enum class outcome { delivered, unreachable, retry_later, refused };
    using entry_iterator = std::vector<store::outbox_entry>::iterator;
    boost::asio::awaitable<void> run();
    // Delivers [first, last), a few at a time; false when the vendor was
    // unreachable (the rest then waits).
    boost::asio::awaitable<bool> deliver_all(entry_iterator first, entry_iterator last);
    boost::asio::awaitable<outcome> deliver(store::outbox_entry entry);
    boost::asio::awaitable<outcome> deliver_locked(store::outbox_entry entry);
    // The store's state handed to the vendor; on_* record the result.
    boost::asio::awaitable<outcome> send(const store::outbox_entry& entry, const store::resource_row* row);
    boost::asio::awaitable<void> refused(const store::outbox_entry& entry, change_kind kind, const failure& why);
    // The vendor unreachable, or a hiccup: the entry rescheduled and the
    // outcome to answer; nullopt for a refusal.
    boost::asio::awaitable<std::optional<outcome>> wait_if_not_refused(const store::outbox_entry& entry,
                                                                       const failure& why);
    // A create that went unanswered may have left a record no vendor id is
    // known for: linked by the id the bridge chooses (client_chooses_id),
    // or found by the create (look-ups first) run with the deleted `state`,
    // so that the delete that follows reaches it.
    boost::asio::awaitable<outcome> link_unknown_record(const store::outbox_entry& entry,
                                                        const boost::json::object& state);
    boost::asio::awaitable<void> refresh_count();
    void tell(delivery_event::kind what, const store::outbox_entry& entry, std::string error = {}) const;

    std::string target_;
    std::shared_ptr<mapped_backend> vendor_;
    outbox_stores stores_;
    std::shared_ptr<resource_lock_table> locks_;
    courier_settings settings_;
    delivery_listener listener_;
    std::atomic<std::int64_t> pending_{0};     // entries waiting, as last counted
    std::atomic<std::uint64_t> deferrals_{0};  // writes kept back so far
    std::int64_t last_count_ = 0;              // the count read the round before
    std::atomic<bool> stopped_{false};
    unsigned outage_rounds_ = 0;
};

} // namespace bridge
