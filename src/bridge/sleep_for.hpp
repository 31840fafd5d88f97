#pragma once
// A pause inside a coroutine of the bridge's background loops (job
// polling, outbox delivery): a timer on the coroutine's own executor, so
// that no thread sleeps.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace bridge {

inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds delay)
{
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

} // namespace bridge
