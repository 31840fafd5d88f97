// The plain HTTP path: keep-alive reuse, response reading and classification,
// hang-ups and malformed answers.

#include "connector/test_helpers.hpp"
#include "connector/vendor_connector.hpp"

#include <boost/json/parse.hpp>

using namespace connector;
using namespace connector_test;
namespace asio = boost::asio;

TEST_CASE("keep-alive: sequential requests share one connection and JSON is parsed", "[connector][http]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request& r) {
        return scripted_reply{200, R"({"id":")" + r.target.substr(10) + R"("})"};
    });
    vendor_connector vendor(config_for(server.url() + "/api"));
    run(io, [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 5; ++i) {
            const auto result = co_await vendor.send(get_request("/users/" + std::to_string(i)));
            REQUIRE(result.ok());
            REQUIRE(result.response->json);
            CHECK(result.response->json->at("id").as_string() == "/" + std::to_string(i));
            CHECK(result.attempts == 1);
        }
    }());
    CHECK(server.connections() == 1);
    CHECK(vendor.connections_opened() == 1);
    REQUIRE(server.requests() == 5);
    CHECK(server.received()[0].target == "/api/users/0");  // base path prefixed
    CHECK(server.received()[0].header("host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("statuses are classified once - with a detail naming the call", "[connector][http]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request& r) {
        return scripted_reply{static_cast<unsigned>(std::stoi(r.target.substr(1))), R"({"error":"x"})"};
    });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const std::pair<unsigned, outcome_kind> cases[] = {
            {201, outcome_kind::ok},       {400, outcome_kind::rejected},    {403, outcome_kind::rejected},
            {404, outcome_kind::not_found}, {409, outcome_kind::conflict},   {401, outcome_kind::unauthorized},
            {500, outcome_kind::retryable_exhausted}, {302, outcome_kind::fatal},
        };
        for (const auto& [status, kind] : cases) {
            const auto result = co_await vendor.send(post_request("/" + std::to_string(status), "{}"));
            INFO(status);
            CHECK(result.outcome.kind == kind);
            REQUIRE(result.response);
            CHECK(result.response->status == status);
            CHECK(result.attempts == 1);
        }
        const auto rejected = co_await vendor.send(post_request("/400", "{}"));
        CHECK(rejected.outcome.detail == "POST /400: HTTP 400");
        CHECK(rejected.response->json->at("error") == "x");  // the mapping reads vendor errors from here
    }());
}

TEST_CASE("malformed JSON in a success is fatal and not retried", "[connector][http]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) { return scripted_reply{200, R"({"id": 12,)"}; });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("/users/1"));
        CHECK(result.outcome.kind == outcome_kind::fatal);
        CHECK(result.outcome.detail.find("malformed JSON") != std::string::npos);
        CHECK(result.attempts == 1);
    }());
    CHECK(server.requests() == 1);
}

TEST_CASE("a connection dropped mid-response is retried when idempotent - not otherwise", "[connector][http]")
{
    asio::io_context io;
    std::size_t calls = 0;
    loopback_server server(io, [&](const received_request&) {
        scripted_reply reply{200, R"({"name":"a long enough body to cut in half"})"};
        if (calls++ % 2 == 0)
            reply.what = scripted_reply::action::truncate;
        return reply;
    });
    vendor_connector vendor(config_for(server.url()));
    run(io, [&]() -> asio::awaitable<void> {
        const auto retried = co_await vendor.send(get_request("/users/1"));
        CHECK(retried.ok());
        CHECK(retried.attempts == 2);

        const auto not_retried = co_await vendor.send(post_request("/users", "{}"));
        CHECK(not_retried.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(not_retried.outcome.detail.find("connection closed mid-response") != std::string::npos);
        CHECK(not_retried.outcome.maybe_applied);
        CHECK(not_retried.attempts == 1);
    }());
    CHECK(server.requests() == 3);
    // The cut connection was dropped; the POST went over the good one, which then died too.
    CHECK(server.connections() == 2);
}

TEST_CASE("a hang-up without an answer is a retryable failure", "[connector][http]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) {
        scripted_reply reply;
        reply.what = scripted_reply::action::close;
        return reply;
    });
    auto config = config_for(server.url());
    config.retry.max_attempts = 3;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("/users/1"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.attempts == 3);
        CHECK_FALSE(result.response);
    }());
    CHECK(server.requests() == 3);
}

TEST_CASE("a refused connection is retried even for a POST: nothing was sent", "[connector][http]")
{
    asio::io_context io;
    std::string url;
    {
        loopback_server closed(io, [](const received_request&) { return scripted_reply{}; });
        url = closed.url();
    }
    auto config = config_for(url);
    config.retry.max_attempts = 2;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(post_request("/users", "{}"));
        CHECK(result.outcome.kind == outcome_kind::retryable_exhausted);
        CHECK(result.attempts == 2);
    }());
}

TEST_CASE("a request target that is not a path is fatal before any I/O", "[connector][http]")
{
    asio::io_context io;
    vendor_connector vendor(config_for("http://127.0.0.1:9"));
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("users"));
        CHECK(result.outcome.kind == outcome_kind::fatal);
        auto bad_method = get_request("/users");
        bad_method.method = "FETCH ME";
        const auto refused = co_await vendor.send(bad_method);
        CHECK(refused.outcome.kind == outcome_kind::fatal);
    }());
    CHECK(vendor.connections_opened() == 0);
    CHECK_THROWS_AS(vendor_connector(config_for("ftp://example.com/")), std::invalid_argument);
}
