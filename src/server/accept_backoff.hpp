#pragma once
// What the listener does when accept() fails. Out of descriptors (EMFILE,
// ENFILE) or kernel memory, the pending connection stays in the backlog and
// the listening socket stays readable: retrying at once spins a core and
// writes a log line per attempt for as long as the shortage lasts. So the
// listener waits before the next attempt, doubling the wait up to a
// ceiling, and logs the first failure of a run and then one line per
// interval with how many failed meanwhile. A connection the client dropped
// before it was accepted (ECONNABORTED) is no shortage: no wait.

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace server {

class accept_backoff {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds first_wait{10};
    static constexpr std::chrono::milliseconds longest_wait{1000};
    static constexpr std::chrono::seconds log_interval{10};

    // What to do after a failed accept.
    struct decision {
        std::chrono::milliseconds wait{0};
        // Set when a line is due: failures since the last line (this one included).
        std::optional<std::uint64_t> log_failures;
    };

    decision failed(const boost::system::error_code& error, clock::time_point now);
    // A metric label for the failure: descriptors, memory, aborted or other.
    static const char* reason_of(const boost::system::error_code& error);
    // An accept succeeded: the next failure starts a new run.
    void succeeded() noexcept { wait_ = std::chrono::milliseconds(0); }

private:
    std::chrono::milliseconds wait_{0};
    std::uint64_t unlogged_ = 0;
    std::optional<clock::time_point> last_line_;
};

} // namespace server
