// Retries: timeouts, 429 with Retry-After, 5xx until exhaustion, the
// operation deadline, and the idempotency rule.

#include "connector/test_helpers.hpp"
#include "connector/vendor_connector.hpp"

using namespace connector;
using namespace connector_test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

TEST_CASE("a stalled vendor times out - is retried on a new connection - then classified", "[connector][retry]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) {
        scripted_reply reply;
        reply.delay = milliseconds{2'000};  // far beyond the client's read timeout
        return reply;
    });
    auto config = config_for(server.url());
    config.timeouts.read = milliseconds{100};
    config.retry.max_attempts = 2;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = std::chrono::steady_clock::now();
        const auto result = co_await vendor.send(get_request("/users/1"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.outcome.detail == "GET /users/1: timed out (2 attempts)");
        CHECK(result.attempts == 2);
        CHECK(std::chrono::steady_clock::now() - start < milliseconds{1'500});
    }());
    CHECK(server.requests() == 2);
    CHECK(server.connections() == 2);  // the timed-out connection was not reused
}

TEST_CASE("429 with Retry-After is honoured", "[connector][retry]")
{
    asio::io_context io;
    std::size_t calls = 0;
    loopback_server server(io, [&](const received_request&) {
        if (calls++ == 0)
            return scripted_reply{429, "{}", "application/json", {{"Retry-After", "1"}}};
        return scripted_reply{200, R"({"ok":true})"};
    });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = std::chrono::steady_clock::now();
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.ok());
        CHECK(result.attempts == 2);
        CHECK(std::chrono::steady_clock::now() - start >= milliseconds{1'000});
    }());
}

TEST_CASE("503 is retried up to max_attempts - then reported with the vendor's Retry-After", "[connector][retry]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) {
        return scripted_reply{503, "{}", "application/json", {{"Retry-After", "0"}}};
    });
    auto config = config_for(server.url());
    config.retry.max_attempts = 3;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.attempts == 3);
        REQUIRE(result.outcome.retry_after);
        CHECK(*result.outcome.retry_after == std::chrono::seconds{0});
        CHECK(result.response->status == 503);
    }());
    CHECK(server.requests() == 3);
}

TEST_CASE("a Retry-After beyond the operation deadline ends the operation at once", "[connector][retry]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) {
        return scripted_reply{503, "{}", "application/json", {{"Retry-After", "120"}}};
    });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = std::chrono::steady_clock::now();
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.attempts == 1);
        // Passed on so that the bridge can answer 503 with the same Retry-After.
        CHECK(result.outcome.retry_after == std::chrono::seconds{120});
        CHECK(std::chrono::steady_clock::now() - start < milliseconds{1'000});
    }());
}

TEST_CASE("backoff without Retry-After never runs past the deadline", "[connector][retry]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) { return scripted_reply{502}; });
    auto config = config_for(server.url());
    config.retry.max_attempts = 100;
    config.retry.initial_backoff = milliseconds{100};
    config.retry.max_backoff = milliseconds{100};
    config.retry.jitter = 0;
    config.timeouts.operation_deadline = milliseconds{350};
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto start = std::chrono::steady_clock::now();
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.attempts >= 3);
        CHECK(result.attempts <= 4);
        CHECK(std::chrono::steady_clock::now() - start < milliseconds{350});
    }());
}

TEST_CASE("a request not marked idempotent is repeated after 429 and 503 - which say it was not processed",
          "[connector][retry]")
{
    asio::io_context io;
    std::size_t calls = 0;
    loopback_server server(io, [&](const received_request&) {
        switch (calls++) {
        case 0: return scripted_reply{503, "{}", "application/json", {{"Retry-After", "0"}}};
        case 1: return scripted_reply{429, "{}", "application/json", {{"Retry-After", "0"}}};
        default: return scripted_reply{201, R"({"id":"7"})"};
        }
    });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(post_request("/users", R"({"name":"a"})"));
        CHECK(result.ok());
        CHECK(result.attempts == 3);
        CHECK_FALSE(result.outcome.maybe_applied);
    }());
    CHECK(server.requests() == 3);
}

TEST_CASE("a request not marked idempotent is not repeated after an answer that leaves open whether it was applied",
          "[connector][retry]")
{
    for (const unsigned status : {500u, 502u, 504u}) {
        asio::io_context io;
        loopback_server server(io, [&](const received_request&) { return scripted_reply{status}; });
        vendor_connector vendor(config_for(server.url()));
        run(io, [&]() -> asio::awaitable<void> {
            const auto result = co_await vendor.send(post_request("/users", R"({"name":"a"})"));
            INFO(status);
            if (status == 500) {  // not in on_statuses: a plain failure
                CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
                CHECK_FALSE(result.outcome.maybe_applied);
            } else {
                CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
                CHECK(result.outcome.maybe_applied);  // the caller may repeat it behind a look-up
                CHECK(result.outcome.detail == "POST /users: HTTP " + std::to_string(status) +
                                                   " (1 attempt, not repeated: the vendor may have applied it)");
            }
            CHECK(result.attempts == 1);
        }());
        CHECK(server.requests() == 1);
    }
}
