#include "connector/async_semaphore.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace connector {

namespace asio = boost::asio;

async_semaphore::async_semaphore(std::size_t permits) : available_(std::max<std::size_t>(permits, 1)) {}

asio::awaitable<bool> async_semaphore::acquire(std::chrono::steady_clock::time_point deadline)
{
    {
        std::lock_guard lock(mutex_);
        if (available_ > 0 && waiters_.empty()) {
            --available_;
            co_return true;
        }
    }
    auto w = std::make_shared<waiter>(co_await asio::this_coro::executor);
    auto initiate = [this, w, deadline](auto handler) {
        std::lock_guard lock(mutex_);
        w->handler.emplace(std::move(handler));
        // A permit may have come back between the check above and now.
        if (available_ > 0 && waiters_.empty()) {
            --available_;
            complete(*w, true);
            return;
        }
        waiters_.push_back(w);
        // The timer is only touched with the mutex held, so release() on
        // another thread may cancel it safely.
        w->timer.expires_at(deadline);
        w->timer.async_wait([this, w](const boost::system::error_code&) { on_deadline(w); });
    };
    // Not `co_return co_await`: GCC 12 destroys this frame's locals twice in that form.
    const bool granted =
        co_await asio::async_initiate<const asio::use_awaitable_t<>, void(bool)>(std::move(initiate), asio::use_awaitable);
    co_return granted;
}

void async_semaphore::release()
{
    std::lock_guard lock(mutex_);
    while (!waiters_.empty()) {
        auto w = std::move(waiters_.front());
        waiters_.pop_front();
        if (w->handler) {
            w->timer.cancel();
            complete(*w, true);
            return;
        }
    }
    ++available_;
}

std::size_t async_semaphore::available() const
{
    std::lock_guard lock(mutex_);
    return available_;
}

void async_semaphore::on_deadline(const std::shared_ptr<waiter>& w)
{
    std::lock_guard lock(mutex_);
    if (!w->handler)
        return;  // granted before the deadline
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), w), waiters_.end());
    complete(*w, false);
}

void async_semaphore::complete(waiter& w, bool granted)
{
    // Posted, never called inline: the caller holds the mutex.
    auto handler = std::move(*w.handler);
    w.handler.reset();
    // The waiter's own executor: the one its coroutine runs on.
    asio::post(w.timer.get_executor(), [handler = std::move(handler), granted]() mutable { std::move(handler)(granted); });
}

} // namespace connector
