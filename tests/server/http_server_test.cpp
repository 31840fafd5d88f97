#include "server/test_server_fixture.hpp"
#include "support/http_test_client.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>

using server_test::running_server;
using server_test::test_config;
using test_support::http_test_client;
namespace http = server::http;

namespace {

boost::json::object json_body(const server::http_response& response) {
    return boost::json::parse(response.body()).as_object();
}

void check_scim_error(const server::http_response& response, unsigned status) {
    CHECK(response.result_int() == status);
    CHECK(response[http::field::content_type] == "application/scim+json");
    const boost::json::object body = json_body(response);
    CHECK(body.at("status").as_string() == std::to_string(status));
    CHECK(body.at("schemas").as_array().at(0) == "urn:ietf:params:scim:api:messages:2.0:Error");
    CHECK(body.contains("detail"));
}

} // namespace

TEST_CASE("several requests share one keep-alive connection", "[server]") {
    running_server server;
    http_test_client client(server.port());
    client.connect();
    const std::uint16_t local_port = client.local_port();
    for (int i = 0; i < 5; ++i) {
        const auto response = client.request(http::verb::post, "/Users/" + std::to_string(i), "{\"x\":1}");
        CHECK(response.result() == http::status::ok);
        CHECK(response.body() == "POST /Users/" + std::to_string(i) + " 7");
        CHECK(response.keep_alive());
        REQUIRE(client.is_open());
        CHECK(client.local_port() == local_port);
    }
}

TEST_CASE("a body over max_body_bytes gets 413 with a SCIM error", "[server][limits]") {
    running_server server;
    http_test_client client(server.port());
    const auto response = client.request(http::verb::post, "/Users", std::string(64 * 1024, 'x'));
    check_scim_error(response, 413);
    CHECK_FALSE(response.keep_alive());
    // Exactly at the limit is fine.
    http_test_client other(server.port());
    CHECK(other.request(http::verb::post, "/Users", std::string(1024, 'x')).result() == http::status::ok);
}

TEST_CASE("Expect: 100-continue is answered before the body is read", "[server]") {
    running_server server;
    http_test_client client(server.port());
    server::http_request request{http::verb::post, "/Users", 11};
    request.set(http::field::content_type, "application/scim+json");
    request.body() = std::string(300, 'x');
    auto [interim, response] = client.send_expecting_continue(request);
    CHECK(interim == 100);
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == "POST /Users 300");
    // The connection goes on as usual.
    CHECK(client.get("/Groups").body() == "GET /Groups 0");

    // A body the server would refuse is refused on its Content-Length: no
    // 100, the client never sends it.
    http_test_client other(server.port());
    request.body() = std::string(64 * 1024, 'x');
    auto [refused_interim, refused] = other.send_expecting_continue(request);
    CHECK(refused_interim == 0);
    check_scim_error(refused, 413);
}

TEST_CASE("headers over max_header_bytes get 431", "[server][limits]") {
    running_server server;
    http_test_client client(server.port());
    const auto response = client.get("/Users", {{"X-Padding", std::string(4096, 'p')}});
    check_scim_error(response, 431);
    CHECK_FALSE(response.keep_alive());
}

TEST_CASE("an idle keep-alive connection is closed after idle_timeout", "[server][limits]") {
    config::server_config config = test_config();
    config.limits.idle_timeout = std::chrono::milliseconds(200);
    running_server server(config);
    http_test_client client(server.port());
    REQUIRE(client.get("/Users").result() == http::status::ok);
    const auto started = std::chrono::steady_clock::now();
    const boost::system::error_code error = client.wait_for_close();
    CHECK((error == boost::asio::error::eof || error == boost::asio::error::connection_reset));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
}

TEST_CASE("connections beyond max_connections are told 503 and closed", "[server][limits]") {
    config::server_config config = test_config();
    config.limits.max_connections = 2;
    running_server server(config);
    http_test_client first(server.port());
    http_test_client second(server.port());
    REQUIRE(first.get("/Users").result() == http::status::ok);
    REQUIRE(second.get("/Users").result() == http::status::ok);

    http_test_client third(server.port());
    const auto refused = third.get("/Users");
    check_scim_error(refused, 503);
    CHECK(refused[http::field::retry_after] == "1");
    CHECK_FALSE(refused.keep_alive());

    // Once a slot frees up, new connections are served again.
    first.close();
    bool served = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!served && std::chrono::steady_clock::now() < deadline) {
        http_test_client next(server.port());
        served = next.get("/healthz").result() == http::status::ok;
    }
    CHECK(served);
}

TEST_CASE("healthz and readyz are answered by the server itself", "[server][probes]") {
    running_server server;
    http_test_client client(server.port());
    const auto health = client.get("/healthz");
    CHECK(health.result() == http::status::ok);
    CHECK(health.body() == R"({"status":"ok"})");
    const auto ready = client.get("/readyz?verbose=1");
    CHECK(ready.result() == http::status::ok);
    CHECK(json_body(ready).at("status") == "ready");
    CHECK(server.server().ready());
}

TEST_CASE("stop lets an in-flight request finish and refuses new connections", "[server][shutdown]") {
    running_server server;
    std::future<void> started = server.handler().slow_started();
    std::promise<server::http_response> slow_response;
    std::thread slow_client([&] {
        try {
            http_test_client client(server.port());
            slow_response.set_value(client.get("/slow"));
        } catch (...) {
            slow_response.set_exception(std::current_exception());
        }
    });
    http_test_client idle(server.port());
    REQUIRE(idle.get("/Users").result() == http::status::ok);
    REQUIRE(started.wait_for(std::chrono::seconds(10)) == std::future_status::ready);

    server.server().stop();
    CHECK_FALSE(server.server().ready());

    // The idle keep-alive connection is closed.
    const boost::system::error_code idle_end = idle.wait_for_close();
    CHECK((idle_end == boost::asio::error::eof || idle_end == boost::asio::error::connection_reset));
    // The listener closes: connecting soon fails.
    bool refused = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!refused && std::chrono::steady_clock::now() < deadline) {
        http_test_client probe(server.port());
        try {
            probe.connect();
        } catch (const boost::system::system_error&) {
            refused = true;
        }
    }
    CHECK(refused);

    // The in-flight request still completes, with Connection: close.
    server.handler().release_slow();
    std::future<server::http_response> answer = slow_response.get_future();
    const server::http_response response = answer.get();
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == "GET /slow 0");
    CHECK_FALSE(response.keep_alive());
    slow_client.join();
    server.stop_and_wait();  // run() returns
}

TEST_CASE("X-Request-Id is echoed when sane and generated otherwise", "[server]") {
    running_server server;
    http_test_client client(server.port());
    const auto echoed = client.get("/Users", {{"X-Request-Id", "entra-4c1f.9_a:b"}});
    CHECK(echoed["X-Request-Id"] == "entra-4c1f.9_a:b");
    CHECK(echoed["X-Seen-Request-Id"] == "entra-4c1f.9_a:b");

    const auto generated = client.get("/Users", {{"X-Request-Id", "not sane {}"}});
    const std::string id(generated["X-Request-Id"]);
    CHECK(id.size() == 16);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(generated["X-Seen-Request-Id"] == id);

    const auto other = client.get("/Users");
    CHECK(other["X-Request-Id"] != id);
}

TEST_CASE("a handler exception becomes a 500 SCIM error and the connection survives", "[server]") {
    running_server server;
    http_test_client client(server.port());
    const auto failed = client.get("/throw");
    check_scim_error(failed, 500);
    CHECK_THAT(std::string(json_body(failed).at("detail").as_string()),
               Catch::Matchers::Contains(std::string(failed["X-Request-Id"])));
    CHECK(client.get("/Users").result() == http::status::ok);
}

TEST_CASE("the access log writes one JSON line per request with secrets masked", "[server][access_log]") {
    std::ostringstream log;
    {
        running_server server(test_config(), &log);
        http_test_client client(server.port());
        client.get("/Users?filter=userName%20eq%20%22a%22&access_token=abc123&password=hunter2&count=5",
                   {{"X-Request-Id", "req-1"}});
        client.request(http::verb::post, "/Users", std::string(4096, 'x'));
        server.stop_and_wait();  // flushes
    }
    std::istringstream lines(log.str());
    std::string line;
    std::vector<boost::json::object> entries;
    while (std::getline(lines, line)) {
        entries.push_back(boost::json::parse(line).as_object());
    }
    REQUIRE(entries.size() == 2);
    const boost::json::object& first = entries[0];
    CHECK(first.at("request_id") == "req-1");
    CHECK(first.at("remote") == "127.0.0.1");
    CHECK(first.at("target") == "test-target");
    CHECK(first.at("method") == "GET");
    CHECK(first.at("path") == "/Users?filter=userName%20eq%20%22a%22&access_token=***&password=***&count=5");
    CHECK(first.at("status") == 200);
    CHECK(first.at("latency_ms").is_double());
    CHECK(first.at("bytes").as_int64() > 0);
    const std::string time(first.at("timestamp").as_string());
    CHECK(first.at("event") == "http_request");
    CHECK(first.at("level") == "info");
    CHECK(first.at("vendor_call").is_null());
    CHECK(time.size() == 24);
    CHECK(time[10] == 'T');
    CHECK(time.back() == 'Z');
    CHECK(log.str().find("hunter2") == std::string::npos);
    CHECK(log.str().find("abc123") == std::string::npos);

    const boost::json::object& refused = entries[1];
    CHECK(refused.at("status") == 413);
    CHECK(refused.at("method") == "POST");
    CHECK(refused.at("path") == "/Users");
}
