#pragma once
// Asynchronous vendor writes: a vendor that answers "accepted, request id R"
// (mapping `async:`) gets a job row per accepted request; the tracker polls
// the mapping's progress request until the vendor says complete or failed.
// A SCIM write first waits for its own jobs (up to async.wait_ms); what is
// still open then is polled in the background with backoff, also after a
// restart, since the rows are in the store.

#include "bridge/mapped_backend.hpp"
#include "store/job_store.hpp"
#include "store/store_executor.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace bridge {

// Told about every job that reaches a final state (for the log).
using job_listener = std::function<void(const store::job_row& job)>;

class job_tracker : public std::enable_shared_from_this<job_tracker> {
public:
    // `target.mapping->async` must be set. The job rows are read and
    // written on `executor` (never on an I/O thread); null: inline.
    job_tracker(mapped_target target, vendor_sender send, std::shared_ptr<store::job_store> jobs,
                job_listener on_final = {}, std::shared_ptr<store::store_executor> executor = nullptr);

    const mapping::async_spec& spec() const { return *target_.mapping->async; }
    std::shared_ptr<store::job_store> store() const { return jobs_; }

    // Records the job of an accepted request of a SCIM write; the
    // background loop leaves it alone while the write waits for it. Called
    // inside a store unit of the write.
    std::int64_t track(const store::new_job& job);

    // Polls `ids` until each is final or `budget` is spent; returns their
    // rows as they stand then.
    boost::asio::awaitable<std::vector<store::job_row>> wait(std::vector<std::int64_t> ids,
                                                             std::chrono::milliseconds budget);

    // Starts the background loop on `executor`; it polls this target's due
    // jobs until the executor's io_context stops.
    void start(boost::asio::any_io_executor executor);
    // Ends the background loop at its next round (within a second): a
    // reload replaced this tracker with one for the new mapping, and two
    // loops must not poll the target's jobs for long. wait() and poll()
    // still serve the writes in flight.
    void stop() { stopped_.store(true, std::memory_order_relaxed); }

    // Polls one job once and records what the vendor said.
    boost::asio::awaitable<store::job_row> poll(store::job_row job);

private:
    boost::asio::awaitable<void> run();
    long long backoff_ms(std::int64_t attempts) const;

    mapped_target target_;
    vendor_sender send_;
    std::shared_ptr<store::job_store> jobs_;
    job_listener on_final_;
    std::shared_ptr<store::store_executor> executor_;
    std::atomic<bool> stopped_{false};
};

} // namespace bridge
