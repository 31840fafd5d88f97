#pragma once
// The per-target concurrency limit. Waiters are queued completion handlers,
// first come first served; none of them holds a thread. Safe to use from
// several I/O threads.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace connector {

class async_semaphore {
public:
    explicit async_semaphore(std::size_t permits);

    // True once a permit is held (give it back with release()); false when
    // the deadline passed first.
    boost::asio::awaitable<bool> acquire(std::chrono::steady_clock::time_point deadline);
    void release();

    std::size_t available() const;

private:
    struct waiter {
        explicit waiter(const boost::asio::any_io_executor& executor) : timer(executor) {}
        boost::asio::steady_timer timer;  // the waiter's deadline
        std::optional<boost::asio::any_completion_handler<void(bool)>> handler;  // empty once completed
    };

    void on_deadline(const std::shared_ptr<waiter>& w);
    static void complete(waiter& w, bool granted);

    mutable std::mutex mutex_;
    std::size_t available_;
    std::deque<std::shared_ptr<waiter>> waiters_;
};

} // namespace connector
