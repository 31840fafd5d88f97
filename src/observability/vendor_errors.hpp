#pragma once
// The last vendor failures (an error status or no response), kept in
// memory for the admin listener's /targets and status page: what failed,
// when, and the SCIM request it belonged to. Written only when an attempt
// fails, so the lock is never taken on a request that succeeds.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace observability {

struct vendor_error {
    std::string target;
    std::chrono::system_clock::time_point when;
    unsigned status = 0;     // 0: no response
    std::string method;
    std::string path;        // as audited: secret-looking query values masked
    std::string request_id;  // of the SCIM request
    std::string error;       // the transport failure; empty when the vendor answered
};

class vendor_error_log {
public:
    explicit vendor_error_log(std::size_t capacity = 100) : capacity_(capacity) {}

    void record(vendor_error error);
    std::optional<vendor_error> last(std::string_view target) const;
    // The newest first, at most `count`.
    std::vector<vendor_error> recent(std::size_t count) const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<vendor_error> errors_;  // oldest first
};

vendor_error_log& process_vendor_errors();

} // namespace observability
