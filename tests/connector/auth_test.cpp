// Vendor authentication: login tokens shared and cached, re-login on 401,
// expiry, refresh, OAuth2 client credentials and constant headers.

#include "connector/test_helpers.hpp"
#include "connector/vendor_connector.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <ctime>

using namespace connector;
using namespace connector_test;
namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

// A twiser-like vendor: POST /auth/login hands out T1, T2, ...; a resource
// request succeeds only with a token the test still accepts.
struct login_vendor {
    std::size_t logins = 0;
    std::size_t refreshes = 0;
    std::size_t resource_calls = 0;
    std::function<bool(const std::string& token)> accepted = [](const std::string&) { return true; };
    json::value expiry = 3600;  // AccessTokenExpiryTime as the vendor sends it
    std::string last_refresh_body;

    scripted_reply handle(const received_request& r)
    {
        if (r.target == "/auth/login" || r.target == "/auth/refresh") {
            if (r.target == "/auth/login") {
                ++logins;
                if (json::parse(r.body) != json::parse(R"({"Email":"bridge@example.com","Password":"pw"})"))
                    return scripted_reply{400};
            } else {
                ++refreshes;
                last_refresh_body = r.body;
            }
            const std::string token = "T" + std::to_string(logins + refreshes);
            json::object body{{"AccessToken", token}, {"AccessTokenExpiryTime", expiry}, {"RefreshToken", "R-" + token}};
            scripted_reply reply{200, json::serialize(body)};
            reply.delay = milliseconds{20};  // long enough for every request to queue behind the login
            return reply;
        }
        ++resource_calls;
        const std::string authorization = r.header("authorization");
        if (!authorization.starts_with("Bearer ") || !accepted(authorization.substr(7)))
            return scripted_reply{401};
        return scripted_reply{200, R"({"token":")" + authorization.substr(7) + R"("})"};
    }
};

login_auth twiser_login()
{
    login_auth auth;
    auth.login.target = "/auth/login";
    auth.login.body = secret_json{json::parse(R"({"Email":"bridge@example.com","Password":"pw"})")};
    auth.token_pointer = "/AccessToken";
    auth.expiry_pointer = "/AccessTokenExpiryTime";
    auth.refresh_token_pointer = "/RefreshToken";
    return auth;
}

std::string token_of(const vendor_result& result)
{
    return std::string(result.response->json->at("token").as_string());
}

} // namespace

TEST_CASE("one login serves 50 concurrent requests", "[connector][auth]")
{
    asio::io_context io;
    login_vendor vendor_state;
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    config.auth = twiser_login();
    config.limits.max_concurrent_requests = 50;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        std::size_t ok = 0;
        co_await run_concurrently(50, [&](std::size_t i) -> asio::awaitable<void> {
            const auto result = co_await vendor.send(get_request("/users/" + std::to_string(i)));
            if (result.ok() && token_of(result) == "T1")
                ++ok;
        });
        CHECK(ok == 50);
        // And the cached token keeps serving later requests.
        const auto later = co_await vendor.send(get_request("/users/x"));
        CHECK(token_of(later) == "T1");
    }());
    CHECK(vendor_state.logins == 1);
    CHECK(vendor.token_fetches() == 1);
    CHECK(vendor_state.resource_calls == 51);
}

TEST_CASE("a 401 to the cached token triggers exactly one re-login and one repeat", "[connector][auth]")
{
    asio::io_context io;
    login_vendor vendor_state;
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    config.auth = twiser_login();
    vendor_connector vendor(config);

    SECTION("the new token is accepted")
    {
        vendor_state.accepted = [](const std::string& token) { return token != "T1"; };
        run(io, [&]() -> asio::awaitable<void> {
            // Not idempotent: the repeat after a 401 is still made (the vendor processed nothing).
            const auto result = co_await vendor.send(post_request("/users", "{}"));
            CHECK(result.ok());
            CHECK(token_of(result) == "T2");
            CHECK(result.attempts == 2);
        }());
        CHECK(vendor_state.logins == 2);
        CHECK(vendor_state.resource_calls == 2);
    }
    SECTION("the vendor keeps refusing")
    {
        vendor_state.accepted = [](const std::string&) { return false; };
        run(io, [&]() -> asio::awaitable<void> {
            const auto result = co_await vendor.send(get_request("/users/1"));
            CHECK(result.outcome.kind == outcome_kind::unauthorized);
            CHECK(result.attempts == 2);
        }());
        CHECK(vendor_state.logins == 2);
        CHECK(vendor_state.resource_calls == 2);
    }
}

TEST_CASE("a token about to expire is replaced before use", "[connector][auth]")
{
    asio::io_context io;
    login_vendor vendor_state;
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    auto auth = twiser_login();
    auth.refresh_token_pointer.clear();  // no refresh: every renewal is a login
    auth.expiry_skew = std::chrono::seconds{60};

    std::size_t expected_logins = 0;
    SECTION("seconds from now, inside the skew")
    {
        vendor_state.expiry = 30;
        expected_logins = 3;
    }
    SECTION("an absolute ISO 8601 time, inside the skew")
    {
        const std::time_t soon = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 30;
        std::tm parts{};
        gmtime_r(&soon, &parts);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
        vendor_state.expiry = text;
        expected_logins = 3;
    }
    SECTION("far in the future")
    {
        vendor_state.expiry = "2099-01-01T00:00:00+02:00";
        expected_logins = 1;
    }
    config.auth = auth;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 3; ++i) {
            const auto result = co_await vendor.send(get_request("/users"));
            CHECK(result.ok());
        }
    }());
    CHECK(vendor_state.logins == expected_logins);
}

TEST_CASE("an expiring token is renewed with the refresh token when configured", "[connector][auth]")
{
    asio::io_context io;
    login_vendor vendor_state;
    vendor_state.expiry = 10;  // inside the 60 s skew: renew on every use
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    auto auth = twiser_login();
    auth.refresh = login_request{"POST", "/auth/refresh", secret_json{json::parse(R"({"RefreshToken":null})")}, {}};
    config.auth = auth;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto first = co_await vendor.send(get_request("/users"));
        const auto second = co_await vendor.send(get_request("/users"));
        CHECK(token_of(first) == "T1");
        CHECK(token_of(second) == "T2");
    }());
    CHECK(vendor_state.logins == 1);
    CHECK(vendor_state.refreshes == 1);
    CHECK(json::parse(vendor_state.last_refresh_body) == json::parse(R"({"RefreshToken":"R-T1"})"));
}

TEST_CASE("a refused login is unauthorized and no resource call is made", "[connector][auth]")
{
    asio::io_context io;
    login_vendor vendor_state;
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    auto auth = twiser_login();
    auth.login.body = secret_json{json::parse(R"({"Email":"bridge@example.com","Password":"wrong"})")};
    config.auth = auth;
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.outcome.kind == outcome_kind::unauthorized);
        CHECK(result.outcome.detail == "login refused: HTTP 400");
    }());
    CHECK(vendor_state.resource_calls == 0);
}

TEST_CASE("OAuth2 client credentials: form-encoded token request - token cached", "[connector][auth]")
{
    asio::io_context io;
    std::size_t token_requests = 0;
    std::string token_body, token_content_type;
    loopback_server server(io, [&](const received_request& r) {
        if (r.target == "/oauth/token") {
            ++token_requests;
            token_body = r.body;
            token_content_type = r.header("content-type");
            return scripted_reply{200, R"({"access_token":"at-1","token_type":"Bearer","expires_in":3600})"};
        }
        return scripted_reply{r.header("authorization") == "Bearer at-1" ? 200u : 401u};
    });
    auto config = config_for(server.url());
    config.auth = oauth2_client_credentials_auth{server.url() + "/oauth/token", "bridge", secret{"s&cret"}, "users.write", {}};
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto first = co_await vendor.send(get_request("/users"));
        const auto second = co_await vendor.send(get_request("/users"));
        CHECK(first.ok());
        CHECK(second.ok());
    }());
    CHECK(token_requests == 1);
    CHECK(token_content_type == "application/x-www-form-urlencoded");
    CHECK(token_body == "grant_type=client_credentials&client_id=bridge&client_secret=s%26cret&scope=users.write");
}

TEST_CASE("static headers - bearer and basic credentials are sent on every request", "[connector][auth]")
{
    asio::io_context io;
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; });
    auto config = config_for(server.url());
    std::string expected_name, expected_value;
    SECTION("API key and tenant")
    {
        config.auth = static_header_auth{{{"x-api-key", secret{"k-123"}}, {"x-tenant-id", secret{"acme"}}}};
        expected_name = "x-api-key";
        expected_value = "k-123";
    }
    SECTION("bearer")
    {
        config.auth = bearer_auth{secret{"static-token"}};
        expected_name = "authorization";
        expected_value = "Bearer static-token";
    }
    SECTION("basic")
    {
        config.auth = basic_auth{"user", secret{"pass"}};
        expected_name = "authorization";
        expected_value = "Basic dXNlcjpwYXNz";
    }
    vendor_connector vendor(config);
    run(io, [&]() -> asio::awaitable<void> {
        const auto result = co_await vendor.send(get_request("/users"));
        CHECK(result.ok());
    }());
    REQUIRE(server.requests() == 1);
    CHECK(server.received()[0].header(expected_name) == expected_value);
}

TEST_CASE("the audit trail tells login requests from the mapping's own, and names the operation",
          "[connector][auth]")
{
    struct login_flags : audit_sink {
        std::vector<std::pair<std::string, bool>> seen;  // path, login
        std::vector<std::string> operations;
        void on_attempt(const attempt_record& record) override
        {
            seen.emplace_back(record.path, record.login);
            operations.emplace_back(record.operation);
        }
    };
    asio::io_context io;
    login_vendor vendor_state;
    loopback_server server(io, [&](const received_request& r) { return vendor_state.handle(r); });
    auto config = config_for(server.url());
    config.auth = twiser_login();
    auto sink = std::make_shared<login_flags>();
    vendor_connector vendor(config, sink);
    run(io, [&]() -> asio::awaitable<void> {
        // Awaited outside CHECK: GCC 12 repeats a co_await inside Catch's macro.
        auto request = get_request("/users/1");
        request.operation = "read_user";
        const auto result = co_await vendor.send(request);
        CHECK(result.ok());
    }());
    REQUIRE(sink->seen.size() == 2);
    CHECK(sink->seen[0] == std::pair<std::string, bool>{"/auth/login", true});
    CHECK(sink->seen[1] == std::pair<std::string, bool>{"/users/1", false});
    CHECK(sink->operations[1] == "read_user");
}
