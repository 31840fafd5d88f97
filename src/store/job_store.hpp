#pragma once
// Asynchronous vendor jobs (table `jobs`): a vendor that answers a write
// with "accepted, request id R" leaves a job here, polled until the vendor
// says complete or failed. Persisted so that polling resumes after a
// restart; a failure stays until it has been reported to the identity
// provider once (on the resource's next write) and is listed for admins.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace store {

// The states a job moves through. in_progress and retrying are open
// (polled); complete and failed are final.
namespace job_status {
inline constexpr std::string_view in_progress = "in_progress";
inline constexpr std::string_view retrying = "retrying";
inline constexpr std::string_view complete = "complete";
inline constexpr std::string_view failed = "failed";
} // namespace job_status

struct job_row {
    std::int64_t id = 0;
    std::string target, type, scim_id, operation, vendor_request_id, scim_request_id;
    std::string status, last_error, created, updated;
    std::int64_t attempts = 0;
    std::int64_t age_ms = 0;  // since the job was recorded
    bool reported = false;

    bool open() const { return status == job_status::in_progress || status == job_status::retrying; }
};

struct new_job {
    std::string_view target, type, scim_id, operation, vendor_request_id, scim_request_id;
};

class job_store {
public:
    virtual ~job_store() = default;

    // Records an open job, due for its first poll after `first_poll_ms`.
    virtual std::int64_t add(const new_job& job, long long first_poll_ms) = 0;
    virtual std::optional<job_row> find(std::int64_t id) const = 0;

    // Open jobs of `target` whose next poll is due, oldest first.
    virtual std::vector<job_row> due(std::string_view target, std::size_t limit) const = 0;
    // Milliseconds until the next open job of `target` is due (0 when one is
    // due now); nullopt when none is open.
    virtual std::optional<long long> next_due_in_ms(std::string_view target) const = 0;
    // Still open after a poll: `status` (in_progress or retrying), polled
    // again after `delay_ms`.
    virtual void reschedule(std::int64_t id, std::string_view status, long long delay_ms) = 0;
    // Final: complete, or failed with the vendor's (or our) message.
    virtual void finish(std::int64_t id, bool complete, std::string_view error) = 0;

    // Failed jobs of one resource not yet reported to the identity provider.
    virtual std::vector<job_row> unreported_failures(std::string_view target, std::string_view type,
                                             std::string_view scim_id) const = 0;
    virtual void mark_reported(std::int64_t id) = 0;

    // For admins: the newest jobs first; `open_or_failed_only` hides the
    // completed ones.
    virtual std::vector<job_row> list(std::optional<std::string_view> target, bool open_or_failed_only,
                              std::size_t limit) const = 0;
};

} // namespace store
