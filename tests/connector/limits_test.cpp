// The per-target concurrency and rate limits, and the audit trail.

#include "connector/test_helpers.hpp"
#include "connector/async_semaphore.hpp"
#include "connector/vendor_connector.hpp"

using namespace connector;
using namespace connector_test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

TEST_CASE("no more requests in flight than max_concurrent_requests", "[connector][limits]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) {
        scripted_reply reply;
        reply.delay = milliseconds{30};
        return reply;
    });
    auto config = config_for(server.url());
    config.limits.max_concurrent_requests = 3;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        std::size_t ok = 0;
        co_await run_concurrently(12, [&](std::size_t) -> asio::awaitable<void> {
            if ((co_await vendor.send(get_request("/users"))).ok())
                ++ok;
        });
        CHECK(ok == 12);
    }());
    CHECK(server.requests() == 12);
    CHECK(server.max_in_flight() == 3);
    CHECK(server.connections() <= 3);  // the pool is bounded by the same limit
}

TEST_CASE("semaphore: waiters queue for permits and give up at their deadline", "[connector][limits]")
{
    asio::io_context io;
    async_semaphore semaphore(1);
    run(io, [&]() -> asio::awaitable<void> {
        const auto now = std::chrono::steady_clock::now();
        const bool first = co_await semaphore.acquire(now + std::chrono::seconds{10});
        REQUIRE(first);
        const bool late = co_await semaphore.acquire(std::chrono::steady_clock::now() + milliseconds{20});
        CHECK_FALSE(late);  // nobody released in time
        std::vector<int> order;
        co_await run_concurrently(3, [&](std::size_t i) -> asio::awaitable<void> {
            if (i == 2) {
                semaphore.release();  // hand the permit to the first waiter
                co_return;
            }
            const bool granted = co_await semaphore.acquire(std::chrono::steady_clock::now() + std::chrono::seconds{10});
            CHECK(granted);
            order.push_back(static_cast<int>(i));
            semaphore.release();
        });
        CHECK(order == std::vector<int>{0, 1});
        CHECK(semaphore.available() == 1);
    }());
}

TEST_CASE("the request rate is limited", "[connector][limits]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; });
    auto config = config_for(server.url());
    config.limits.max_requests_per_second = 20;  // a burst of 20, then one every 50 ms
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = std::chrono::steady_clock::now();
        co_await run_concurrently(25, [&](std::size_t) -> asio::awaitable<void> {
            const auto result = co_await vendor.send(get_request("/users"));
            CHECK(result.ok());
        });
        CHECK(std::chrono::steady_clock::now() - start >= milliseconds{240});
    }());
}

namespace {

struct recording_sink : audit_sink {
    std::vector<attempt_record> records;
    std::vector<std::string> errors;
    void on_attempt(const attempt_record& record) override
    {
        records.push_back(record);
        errors.emplace_back(record.error);
    }
};

} // namespace

TEST_CASE("every attempt is audited - without query secrets", "[connector][limits]")
{
    asio::io_context io;
    std::size_t calls = 0;
    loopback_server server(io, [&](const received_request&) { return scripted_reply{calls++ == 0 ? 503u : 200u}; });
    auto sink = std::make_shared<recording_sink>();
    vendor_connector vendor(config_for(server.url()), sink);
    run(io, [&]() -> asio::awaitable<void> {
        auto request = get_request("/users?api_key=abc&companyId=7&access_token=t");
        request.request_id = "req-1";
        const auto result = co_await vendor.send(request);
        CHECK(result.ok());
    }());
    REQUIRE(sink->records.size() == 2);
    CHECK(sink->records[0].path == "/users?api_key=***&companyId=7&access_token=***");
    CHECK(sink->records[0].status == 503);
    CHECK(sink->records[0].attempt == 1);
    CHECK(sink->records[1].status == 200);
    CHECK(sink->records[1].attempt == 2);
    CHECK(sink->errors[1].empty());
    CHECK(server.received()[0].target == "/users?api_key=abc&companyId=7&access_token=t");
}

TEST_CASE("waits for the rate limit are reported to the audit sink", "[connector][limits]")
{
    struct wait_sink : audit_sink {
        std::size_t attempts = 0;
        std::vector<std::chrono::nanoseconds> waits;
        void on_attempt(const attempt_record&) override { ++attempts; }
        void on_rate_limit_wait(std::chrono::nanoseconds waited) override { waits.push_back(waited); }
    };
    asio::io_context io;
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; });
    auto config = config_for(server.url());
    config.limits.max_requests_per_second = 10;  // a burst of 10, then one every 100 ms
    auto sink = std::make_shared<wait_sink>();
    vendor_connector vendor(config, sink);
    run(io, [&]() -> asio::awaitable<void> {
        co_await run_concurrently(13, [&](std::size_t) -> asio::awaitable<void> {
            const auto result = co_await vendor.send(get_request("/users"));
            CHECK(result.ok());
        });
    }());
    CHECK(sink->attempts == 13);
    REQUIRE(sink->waits.size() == 3);
    for (const auto waited : sink->waits)
        CHECK(waited > std::chrono::nanoseconds::zero());
}
