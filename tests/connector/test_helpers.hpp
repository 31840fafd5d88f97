#pragma once
// Running coroutine tests to completion on one io_context, and a
// connection_config pointing at a loopback server with short timeouts.

#include "connector/connection_config.hpp"
#include "connector/loopback_server.hpp"
#include "connector/vendor_request.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/url/parse.hpp>

#include <catch2/catch.hpp>

#include <exception>
#include <functional>

namespace connector_test {

// Runs `body` until it finishes; its exceptions (failed REQUIREs) are rethrown here.
inline void run(boost::asio::io_context& io, boost::asio::awaitable<void> body)
{
    std::exception_ptr failure;
    bool finished = false;
    boost::asio::co_spawn(io, std::move(body), [&](std::exception_ptr e) {
        failure = e;
        finished = true;
        io.stop();  // the servers' accept loops would otherwise run forever
    });
    io.run();
    REQUIRE(finished);
    if (failure)
        std::rethrow_exception(failure);
}

// Starts `count` coroutines made by `make(i)` and returns once all are done.
inline boost::asio::awaitable<void> run_concurrently(std::size_t count,
                                                     const std::function<boost::asio::awaitable<void>(std::size_t)>& make)
{
    auto executor = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer all_done(executor, boost::asio::steady_timer::time_point::max());
    std::size_t remaining = count;
    std::exception_ptr failure;
    for (std::size_t i = 0; i < count; ++i)
        boost::asio::co_spawn(executor, make(i), [&](std::exception_ptr e) {
            if (e && !failure)
                failure = e;
            if (--remaining == 0)
                all_done.cancel();
        });
    if (remaining > 0)
        co_await all_done.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (failure)
        std::rethrow_exception(failure);
}

inline connector::connection_config config_for(const std::string& url)
{
    connector::connection_config config;
    config.base_url = boost::urls::parse_uri(url).value();
    config.timeouts.connect = std::chrono::milliseconds{2'000};
    config.timeouts.read = std::chrono::milliseconds{2'000};
    config.timeouts.operation_deadline = std::chrono::milliseconds{10'000};
    config.retry.initial_backoff = std::chrono::milliseconds{5};
    config.retry.max_backoff = std::chrono::milliseconds{20};
    return config;
}

inline connector::vendor_request get_request(std::string target)
{
    connector::vendor_request request;
    request.method = "GET";
    request.target = std::move(target);
    request.idempotent = true;
    return request;
}

inline connector::vendor_request post_request(std::string target, std::string body)
{
    connector::vendor_request request;
    request.method = "POST";
    request.target = std::move(target);
    request.body = std::move(body);
    request.content_type = "application/json";
    return request;
}

} // namespace connector_test
