// The admin listener of a running bridge: its token, /metrics moving with
// SCIM traffic, /targets with pauses and token fingerprints, /config with
// no secret, the log level changed at run time, and /readyz turning 503 at
// shutdown while the SCIM listener still serves (shutdown_delay_ms).

#include "integration/bridge_fixture.hpp"

#include "app/target_pause_commands.hpp"
#include "config/token_hash.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <thread>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

constexpr const char* admin_token = "admin-token-0123456789abcdef0123456789abcdef";

std::string admin_yaml(std::string extra = {})
{
    return "admin: {address: 127.0.0.1, port: 0, token: \"" + config::hash_token(admin_token) + "\"}\n" + extra;
}

struct admin_client {
    explicit admin_client(bridge_fixture& bridge) : client(bridge.app().admin()->port()) {}

    server::http_response get(const std::string& path, bool with_token = true)
    {
        test_support::header_list headers;
        if (with_token)
            headers.emplace_back("Authorization", std::string("Bearer ") + admin_token);
        return client.get(path, headers);
    }
    json::value json_at(const std::string& path) { return json::parse(get(path).body()); }

    test_support::http_test_client client;
};

// The value of the sample line that starts with `series` ("name{labels}"), 0 when absent.
double sample(const std::string& text, const std::string& series)
{
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return 0;
    return std::stod(text.substr(at + series.size() + 2));
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("the admin listener needs its token, except for the probes", "[admin]")
{
    bridge_fixture bridge({}, admin_yaml());
    REQUIRE(bridge.app().admin() != nullptr);
    CHECK(bridge.app().admin()->port() != bridge.port());
    admin_client admin(bridge);
    CHECK(admin.get("/healthz", false).result_int() == 200);
    CHECK(admin.get("/readyz", false).result_int() == 200);
    for (const std::string path : {"/metrics", "/targets", "/config", "/log-level"}) {
        INFO(path);
        const auto refused = admin.get(path, false);
        CHECK(refused.result_int() == 401);
        CHECK(refused[server::http::field::www_authenticate] == "Bearer realm=\"scim-bridge-admin\"");
        CHECK(admin.get(path).result_int() == 200);
    }
    // A SCIM target's token is not the admin's.
    CHECK(admin.client.get("/metrics", {{"Authorization", std::string("Bearer ") + alpha_token}}).result_int() == 401);
    CHECK(admin.get("/nosuch").result_int() == 404);
    // The SCIM port does not serve the admin paths.
    CHECK(bridge.raw_call(verb::get, "/metrics", {}, {}).status == 404);
}

TEST_CASE("no admin listener without admin: in the configuration", "[admin]")
{
    bridge_fixture bridge;
    CHECK(bridge.app().admin() == nullptr);
}

TEST_CASE("/metrics moves with SCIM traffic", "[admin][metrics]")
{
    bridge_fixture bridge({}, admin_yaml());
    admin_client admin(bridge);
    const auto before = admin.get("/metrics");
    REQUIRE(before.result_int() == 200);
    CHECK(before[server::http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
    const std::string created = R"(scim_bridge_scim_requests_total{target="alpha",resource_type="Users",method="POST",status="201"})";
    const std::string read = R"(scim_bridge_scim_requests_total{target="alpha",resource_type="Users",method="GET",status="200"})";
    const std::string missing = R"(scim_bridge_scim_requests_total{target="beta",resource_type="Users",method="GET",status="404"})";
    const std::string latency = R"(scim_bridge_scim_request_duration_seconds_count{target="alpha",resource_type="Users",method="GET"})";

    const auto id = bridge.create_user("metrics@example.com").at("id").as_string();
    for (int i = 0; i < 3; ++i)
        REQUIRE(bridge.call(verb::get, "/Users/" + std::string(id)).status == 200);
    REQUIRE(bridge.call(verb::get, "/Users/nosuch", nullptr, "beta").status == 404);

    const std::string after = admin.get("/metrics").body();
    INFO(after.substr(0, 4000));
    CHECK(sample(after, created) - sample(before.body(), created) == 1);
    CHECK(sample(after, read) - sample(before.body(), read) == 3);
    CHECK(sample(after, missing) - sample(before.body(), missing) == 1);
    CHECK(sample(after, latency) - sample(before.body(), latency) == 3);
    // The store's transactions: the create's group commit, the reads' batches.
    const std::string commits = R"(scim_bridge_store_transaction_duration_seconds_count{kind="write"})";
    const std::string read_batches = R"(scim_bridge_store_transaction_duration_seconds_count{kind="read"})";
    CHECK(sample(after, commits) - sample(before.body(), commits) >= 1);
    CHECK(sample(after, read_batches) - sample(before.body(), read_batches) >= 3);
    CHECK(sample(after, R"(scim_bridge_open_connections{listener="scim"})") >= 1);
    CHECK(sample(after, R"(scim_bridge_target_paused{target="alpha"})") == 0);
    CHECK(contains(after, "\nscim_bridge_async_jobs{target=\"alpha\",state=\"open\"} 0\n"));
    CHECK(contains(after, "\nscim_bridge_pending_intents{target=\"beta\"} 0\n"));
    CHECK(contains(after, "\nscim_bridge_build_info{version=\"0.1.0\",commit=\""));
    CHECK(contains(after, "\nscim_bridge_config_info{hash=\"sha256:"));
    CHECK(sample(after, "scim_bridge_config_load_timestamp_seconds") > 1.7e9);
    // The admin's own requests are not SCIM requests.
    CHECK(!contains(after, "target=\"admin\""));
}

TEST_CASE("/targets shows pauses and token fingerprints, never a whole hash", "[admin]")
{
    bridge_fixture bridge({}, admin_yaml());
    admin_client admin(bridge);
    const config::server_config settings = bridge.verb_settings();
    std::ostringstream out, err;
    REQUIRE(app::pause_target(settings, "beta", "vendor upgrade", out, err) == 0);

    json::value listed;
    for (int i = 0; i < 60; ++i) {
        listed = admin.json_at("/targets");
        if (listed.at_pointer("/targets/1/paused").as_bool())
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto& targets = listed.at("targets").as_array();
    REQUIRE(targets.size() == 2);
    CHECK(targets[0].at("name") == "alpha");
    CHECK(targets[0].at("state") == "serving");
    CHECK(targets[0].at("mapping").is_null());
    CHECK(targets[0].at("last_vendor_error").is_null());
    CHECK(targets[0].at("open_jobs") == 0);
    CHECK(targets[0].at("pending_intents") == 0);
    CHECK(targets[0].at("tokens").as_array().size() == 2);
    CHECK(targets[1].at("name") == "beta");
    CHECK(targets[1].at("state") == "paused");
    CHECK(targets[1].at("pause_reason") == "vendor upgrade");
    const std::string beta_hash = config::hash_token(beta_token);
    CHECK(targets[1].at("tokens").as_array().at(0).as_string() == beta_hash.substr(0, 15) + "…");
    const std::string text = json::serialize(listed);
    CHECK(!contains(text, beta_hash));
    CHECK(!contains(text, beta_token));
    CHECK(sample(admin.get("/metrics").body(), R"(scim_bridge_target_paused{target="beta"})") == 1);
}

TEST_CASE("/config is the effective configuration with every secret masked", "[admin]")
{
    const std::string gamma_hash = config::hash_token(gamma_token);
    bridge_fixture bridge("  - name: gamma\n"
                          "    tokens: [\"" + gamma_hash + "\"]\n"
                          "    parameters: {region: eu-west, api_key: do-not-show-me}\n"
                          "    secrets: {password: {env: GAMMA_PASSWORD}}\n",
                          admin_yaml("limits: {max_page_size: 500}\n"));
    admin_client admin(bridge);
    const json::value shown = admin.json_at("/config");
    const std::string text = json::serialize(shown);
    INFO(text);
    CHECK(shown.at_pointer("/limits/max_page_size") == 500);
    CHECK(shown.at_pointer("/admin/port") == 0);
    CHECK(shown.at_pointer("/targets/2/parameters/region") == "eu-west");
    CHECK(shown.at_pointer("/targets/2/parameters/api_key") == "***");
    CHECK(shown.at_pointer("/targets/2/secrets/password/env") == "GAMMA_PASSWORD");
    CHECK(!contains(text, "do-not-show-me"));
    CHECK(!contains(text, gamma_hash));
    CHECK(!contains(text, config::hash_token(admin_token)));
    CHECK(contains(text, gamma_hash.substr(0, 15)));
}

TEST_CASE("the log level changes at run time", "[admin]")
{
    bridge_fixture bridge({}, admin_yaml());
    admin_client admin(bridge);
    CHECK(admin.json_at("/log-level").at("level") == "info");
    const test_support::header_list auth{{"Authorization", std::string("Bearer ") + admin_token},
                                         {"Content-Type", "application/json"}};
    const auto changed = admin.client.request(verb::put, "/log-level", R"({"level":"debug"})", auth);
    CHECK(changed.result_int() == 200);
    CHECK(admin.json_at("/log-level").at("level") == "debug");
    CHECK(admin.client.request(verb::put, "/log-level", R"({"level":"loud"})", auth).result_int() == 400);
    CHECK(admin.client.request(verb::put, "/log-level", "not json", auth).result_int() == 400);
    CHECK(admin.json_at("/log-level").at("level") == "debug");
    CHECK(admin.client.request(verb::delete_, "/log-level", {}, auth).result_int() == 405);
}

TEST_CASE("at shutdown /readyz answers 503 while the SCIM listener still serves", "[admin][shutdown]")
{
    bridge_fixture bridge({}, admin_yaml("shutdown_delay_ms: 1500\n"));
    admin_client admin(bridge);
    CHECK(admin.get("/readyz", false).result_int() == 200);
    bridge.app().stop();
    CHECK(admin.get("/readyz", false).result_int() == 503);
    CHECK(bridge.raw_call(verb::get, "/readyz", {}, {}).status == 503);
    // Still serving, on a new connection too.
    test_support::http_test_client fresh(bridge.port());
    CHECK(fresh.get("/scim/v2/alpha/Users", {{"Authorization", std::string("Bearer ") + alpha_token}})
              .result_int() == 200);
    // Then the listener closes.
    bool refused = false;
    for (int i = 0; i < 60 && !refused; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        try {
            test_support::http_test_client late(bridge.port(), std::chrono::milliseconds(500));
            late.get("/healthz");
        } catch (const std::exception&) {
            refused = true;
        }
    }
    CHECK(refused);
}

TEST_CASE("the status page is served without the token, its data is not", "[admin]")
{
    bridge_fixture bridge({}, admin_yaml());
    admin_client admin(bridge);
    const auto page = admin.get("/", false);
    CHECK(page.result_int() == 200);
    CHECK(page[server::http::field::content_type] == "text/html; charset=utf-8");
    CHECK(contains(page.body(), "<title>scim-bridge status</title>"));
    // Nothing loaded from elsewhere, so that it works offline: no URL but
    // the SVG namespace's name.
    std::string html = page.body();
    html.erase(html.find("http://www.w3.org/2000/svg"), 26);
    CHECK(!contains(html, "http:"));
    CHECK(!contains(html, "https:"));
    CHECK(!contains(html, "<link"));
    CHECK(!contains(html, " src="));
    CHECK(admin.get("/activity", false).result_int() == 401);

    bridge.create_user("activity@example.com");
    const json::value activity = admin.json_at("/activity");
    CHECK(activity.at("ready") == true);
    CHECK(activity.at("interval_s") == 60);
    const auto& alpha = activity.at_pointer("/targets/alpha").as_array();
    REQUIRE(alpha.size() == 60);
    CHECK(alpha.back().at("requests").to_number<std::uint64_t>() >= 1);  // the interval still running
    CHECK(activity.at_pointer("/targets/beta").as_array().size() == 60);
    CHECK(activity.at("vendor_errors").is_array());
}
