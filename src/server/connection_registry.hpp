#pragma once
// The live connections, so that shutdown can close the idle ones and wait
// for the busy ones, and so that max_connections can be enforced.
// Shared (shared_ptr) between the server and its sessions: a session frame
// destroyed late, with its io_context, still finds the registry alive.

#include "observability/metric_cells.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace server {

// One connection, as seen from outside its session. `socket` and `idle` are
// only touched on `executor` (the session's strand).
struct session_handle {
    boost::asio::any_io_executor executor;
    boost::asio::ip::tcp::socket* socket = nullptr;  // null once the session has ended
    bool idle = false;                               // waiting for the next request
    bool overflow = false;                           // admitted only to be told 503
};

class connection_registry {
public:
    // `open` (may be null) follows the number of connections held.
    explicit connection_registry(std::size_t max_connections, observability::gauge* open = nullptr);

    // A handle for a new connection: a normal one while below the limit, an
    // overflow one (to answer 503) while the overflow is below the limit too,
    // otherwise null (close at once).
    std::shared_ptr<session_handle> admit(boost::asio::any_io_executor executor);
    void remove(const std::shared_ptr<session_handle>& handle);

    std::size_t size() const;
    std::vector<std::shared_ptr<session_handle>> snapshot() const;

    void start_draining() noexcept { draining_ = true; }
    bool draining() const noexcept { return draining_; }
    // Shutdown has begun but the listener still serves (shutdown_delay):
    // /readyz answers 503, nothing else changes.
    void mark_unready() noexcept { unready_ = true; }
    bool ready() const noexcept { return !unready_ && !draining_; }

    // Calls `callback` (once, from whichever thread removes the last
    // connection) when the registry becomes empty. Returns false, without
    // keeping the callback, when it is empty already.
    bool notify_when_empty(std::function<void()> callback);
    void cancel_notification();

private:
    const std::size_t max_connections_;
    observability::gauge* const open_;
    std::atomic<bool> draining_{false};
    std::atomic<bool> unready_{false};
    mutable std::mutex mutex_;
    std::set<std::shared_ptr<session_handle>> sessions_;
    std::size_t normal_count_ = 0;
    std::size_t overflow_count_ = 0;
    std::function<void()> on_empty_;
};

} // namespace server
