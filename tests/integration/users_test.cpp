// /Users over real HTTP: the lifecycle, versions, uniqueness and isolation.

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

TEST_CASE("a user is created, read, replaced, patched and deleted", "[users]")
{
    bridge_fixture bridge;
    json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                      {"userName", "ada@example.com"},
                      {"externalId", "hr-1"},
                      {"name", json::object{{"givenName", "Ada"}, {"familyName", "Lovelace"}}},
                      {"emails", json::array{json::object{{"value", "ada@example.com"}, {"type", "work"}, {"primary", true}}}},
                      {"password", "s3cret-Passw0rd"}};
    auto created = bridge.call(verb::post, "/Users", body);
    REQUIRE(created.status == 201);
    const auto id = created.string_at("/id");
    CHECK(created.raw[server::http::field::content_type] == "application/scim+json");
    CHECK(created.raw[server::http::field::location] == created.string_at("/meta/location"));
    CHECK(created.string_at("/meta/location").ends_with("/scim/v2/alpha/Users/" + id));
    CHECK(created.string_at("/meta/version") == "W/\"1\"");
    CHECK(created.raw[server::http::field::etag] == "W/\"1\"");
    CHECK(created.string_at("/meta/resourceType") == "User");
    CHECK_FALSE(created.object().contains("password"));  // writeOnly: never returned

    auto read = bridge.call(verb::get, "/Users/" + id);
    REQUIRE(read.status == 200);
    CHECK(read.string_at("/name/givenName") == "Ada");
    CHECK_FALSE(read.object().contains("password"));
    CHECK(bridge.call(verb::get, "/Users/" + id, nullptr, "alpha", {{"If-None-Match", "W/\"1\""}}).status == 304);

    body["displayName"] = "Ada L.";
    body.erase("externalId");
    auto replaced = bridge.call(verb::put, "/Users/" + id, body);
    REQUIRE(replaced.status == 200);
    CHECK(replaced.string_at("/displayName") == "Ada L.");
    CHECK_FALSE(replaced.object().contains("externalId"));  // PUT replaces: omitted means removed
    CHECK(replaced.string_at("/meta/version") == "W/\"2\"");
    CHECK(replaced.string_at("/meta/created") == created.string_at("/meta/created"));

    json::object patch{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", json::array{json::object{{"op", "replace"}, {"path", "active"}, {"value", false}}}}};
    auto patched = bridge.call(verb::patch, "/Users/" + id, patch);
    REQUIRE(patched.status == 200);
    CHECK(patched.body.at_pointer("/active").as_bool() == false);
    CHECK(patched.string_at("/meta/version") == "W/\"3\"");

    CHECK(bridge.call(verb::delete_, "/Users/" + id).status == 204);
    CHECK(bridge.call(verb::get, "/Users/" + id).status == 404);
    auto again = bridge.call(verb::delete_, "/Users/" + id);
    CHECK(again.status == 404);
    CHECK(again.string_at("/status") == "404");
}

TEST_CASE("userName is unique per target, case-insensitively, and 409 changes nothing", "[users]")
{
    bridge_fixture bridge;
    auto first = bridge.create_user("Grace@Example.com");
    auto duplicate = bridge.call(verb::post, "/Users",
                                 json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                                              {"userName", "grace@example.COM"}});
    CHECK(duplicate.status == 409);
    CHECK(duplicate.string_at("/scimType") == "uniqueness");
    auto list = bridge.call(verb::get, "/Users");
    CHECK(list.body.at_pointer("/totalResults").as_int64() == 1);

    // The same userName in another target is another user.
    auto other = bridge.call(verb::post, "/Users",
                             json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                                          {"userName", "grace@example.com"}},
                             "beta");
    CHECK(other.status == 201);

    // Renaming a second user onto the taken name is refused too.
    auto second = bridge.create_user("linus@example.com");
    json::object rename{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                        {"Operations", json::array{json::object{{"op", "replace"}, {"path", "userName"}, {"value", "GRACE@example.com"}}}}};
    auto refused = bridge.call(verb::patch, "/Users/" + std::string(second.at("id").as_string()), rename);
    CHECK(refused.status == 409);
    auto unchanged = bridge.call(verb::get, "/Users/" + std::string(second.at("id").as_string()));
    CHECK(unchanged.string_at("/userName") == "linus@example.com");
    CHECK(unchanged.string_at("/meta/version") == "W/\"1\"");
}

TEST_CASE("If-Match guards writes with the weak ETag", "[users][etag]")
{
    bridge_fixture bridge;
    auto user = bridge.create_user("etag@example.com");
    const std::string id(user.at("id").as_string());
    json::object patch{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", json::array{json::object{{"op", "add"}, {"path", "title"}, {"value", "Engineer"}}}}};
    auto stale = bridge.call(verb::patch, "/Users/" + id, patch, "alpha", {{"If-Match", "W/\"7\""}});
    CHECK(stale.status == 412);
    CHECK(bridge.call(verb::get, "/Users/" + id).object().contains("title") == false);
    auto fresh = bridge.call(verb::patch, "/Users/" + id, patch, "alpha", {{"If-Match", "W/\"1\""}});
    CHECK(fresh.status == 200);
    CHECK(bridge.call(verb::delete_, "/Users/" + id, nullptr, "alpha", {{"If-Match", "W/\"1\""}}).status == 412);
    CHECK(bridge.call(verb::delete_, "/Users/" + id, nullptr, "alpha", {{"If-Match", "*"}}).status == 204);
}

TEST_CASE("a token reaches only its own target", "[users][auth]")
{
    bridge_fixture bridge;
    auto user = bridge.create_user("private@example.com");
    const std::string id(user.at("id").as_string());

    auto with_beta_token = bridge.raw_call(verb::get, "/scim/v2/alpha/Users/" + id, {},
                                           {{"Authorization", std::string("Bearer ") + beta_token}});
    CHECK(with_beta_token.status == 401);
    CHECK(with_beta_token.raw[server::http::field::www_authenticate].starts_with("Bearer"));
    CHECK(bridge.call(verb::get, "/Users/" + id, nullptr, "beta").status == 404);
    CHECK(bridge.raw_call(verb::get, "/scim/v2/alpha/Users", {}, {}).status == 401);
    CHECK(bridge.raw_call(verb::get, "/scim/v2/nosuch/Users", {}, {{"Authorization", std::string("Bearer ") + alpha_token}}).status == 401);
    // Okta's "Header" mode sends the bare token; a rotated second token works.
    CHECK(bridge.raw_call(verb::get, "/scim/v2/alpha/Users/" + id, {}, {{"Authorization", alpha_token}}).status == 200);
    CHECK(bridge.raw_call(verb::get, "/scim/v2/alpha/Users/" + id, {},
                          {{"Authorization", std::string("bearer ") + alpha_rotated_token}}).status == 200);
    // Tokens never reach the access log.
    CHECK(bridge.access_log().find(alpha_token) == std::string::npos);
}

TEST_CASE("a paused target answers 503 with Retry-After while the others go on", "[users][pause]")
{
    bridge_fixture bridge("  - name: gamma\n    paused: true\n    tokens: [\"" + config::hash_token(gamma_token) + "\"]\n");
    auto paused = bridge.raw_call(verb::get, "/scim/v2/gamma/Users", {},
                                  {{"Authorization", std::string("Bearer ") + gamma_token}});
    CHECK(paused.status == 503);
    CHECK(!paused.raw[server::http::field::retry_after].empty());
    CHECK(bridge.call(verb::get, "/Users").status == 200);
}

TEST_CASE("an admin pauses and resumes one target of a running bridge", "[users][pause]")
{
    bridge_fixture bridge;
    const config::server_config settings = bridge.verb_settings();
    std::ostringstream out, err;

    CHECK(app::pause_target(settings, "nope", "", out, err) == 2);
    CHECK(err.str().find("no target named nope") != std::string::npos);

    REQUIRE(app::pause_target(settings, "alpha", "vendor upgrade until 14:00", out, err) == 0);
    auto wait_for_status = [&](unsigned status) {
        for (int i = 0; i < 60; ++i) {
            if (bridge.call(verb::get, "/Users").status == status)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    REQUIRE(wait_for_status(503));  // picked up within about a second
    auto paused = bridge.call(verb::get, "/Users");
    CHECK(!paused.raw[server::http::field::retry_after].empty());
    CHECK(paused.string_at("/detail").find("vendor upgrade until 14:00") != std::string::npos);
    CHECK(bridge.call(verb::get, "/Users", nullptr, "beta").status == 200);  // the others go on

    CHECK(app::resume_target(settings, "alpha", out, err) == 0);
    CHECK(wait_for_status(200));
    CHECK(app::resume_target(settings, "alpha", out, err) == 0);
    CHECK(out.str().find("was not paused") != std::string::npos);
}
