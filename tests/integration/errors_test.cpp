// Bad input over real HTTP: every case gets the right SCIM error and leaves
// the store as it was.

#include "integration/bridge_fixture.hpp"

#include <catch2/catch.hpp>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

scim_reply post_raw(bridge_fixture& bridge, const std::string& path, std::string body,
                    std::string content_type = "application/scim+json")
{
    return bridge.raw_call(verb::post, "/scim/v2/alpha" + path, std::move(body),
                           {{"Authorization", std::string("Bearer ") + alpha_token}, {"Content-Type", content_type}});
}

} // namespace

TEST_CASE("malformed bodies are 400 invalidSyntax or invalidValue and store nothing", "[errors]")
{
    bridge_fixture bridge;
    auto existing = bridge.create_user("keep@example.com");
    const std::string deep_open(10000, '['), deep_close(10000, ']');
    struct row {
        std::string name, body;
        unsigned status;
        std::string scim_type;
    };
    const row rows[] = {
        {"not JSON", "{\"userName\": ", 400, "invalidSyntax"},
        {"array body", "[1,2]", 400, "invalidSyntax"},
        {"10,000 levels", deep_open + deep_close, 400, "invalidSyntax"},
        {"invalid UTF-8", "{\"userName\": \"\xff\xfe\"}", 400, "invalidSyntax"},
        {"huge number", "{\"userName\": \"n@example.com\", \"x\": 1e999999}", 400, "invalidSyntax"},
        {"userName as object", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":{"a":1}})", 400, "invalidValue"},
        {"missing userName", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"x"})", 400, "invalidValue"},
        {"active not a boolean", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b@example.com","active":"maybe"})", 400, "invalidValue"},
        {"two primary emails", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"c@example.com","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":"True"}]})", 400, "invalidValue"},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        auto reply = post_raw(bridge, "/Users", r.body);
        CHECK(reply.status == r.status);
        REQUIRE(reply.body.is_object());
        CHECK(reply.string_at("/scimType") == r.scim_type);
        CHECK(reply.string_at("/status") == std::to_string(r.status));
        CHECK(reply.string_at("/schemas/0") == "urn:ietf:params:scim:api:messages:2.0:Error");
    }
    auto list = bridge.call(verb::get, "/Users");
    CHECK(list.body.at_pointer("/totalResults").as_int64() == 1);
    CHECK(bridge.call(verb::get, "/Users/" + std::string(existing.at("id").as_string())).string_at("/meta/version") ==
          "W/\"1\"");
}

TEST_CASE("unknown attributes and schema URIs are ignored, not errors", "[errors][idp]")
{
    bridge_fixture bridge;
    auto reply = post_raw(bridge, "/Users",
                          R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:custom"],
                              "userName":"tolerant@example.com","favouriteColour":"blue","urn:example:custom:x":1})",
                          "application/json; charset=utf-8");
    CHECK(reply.status == 201);
    CHECK_FALSE(reply.object().contains("favouriteColour"));
}

TEST_CASE("a content type that is not JSON is 415", "[errors]")
{
    bridge_fixture bridge;
    auto reply = post_raw(bridge, "/Users", "userName=x", "application/x-www-form-urlencoded");
    CHECK(reply.status == 415);
}

TEST_CASE("invalid filters and PATCH paths name what is wrong", "[errors][filter][patch]")
{
    bridge_fixture bridge;
    const std::string id(bridge.create_user("paths@example.com").at("id").as_string());
    for (const std::string filter : {"userName%20eq", "userName%20xx%20%22a%22", "(userName%20eq%20%22a%22",
                                     "userName%20eq%20%22unterminated"}) {
        INFO(filter);
        auto reply = bridge.call(verb::get, "/Users?filter=" + filter);
        CHECK(reply.status == 400);
        CHECK(reply.string_at("/scimType") == "invalidFilter");
        CHECK_FALSE(reply.string_at("/detail").empty());
    }
    auto bad_path = bridge.call(verb::patch, "/Users/" + id,
                                json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                             {"Operations", json::array{json::object{{"op", "replace"},
                                                                                     {"path", "emails[type eq"},
                                                                                     {"value", "x"}}}}});
    CHECK(bad_path.status == 400);
    CHECK(bad_path.string_at("/scimType") == "invalidPath");
    auto no_target = bridge.call(verb::patch, "/Users/" + id,
                                 json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                              {"Operations", json::array{json::object{{"op", "remove"}}}}});
    CHECK(no_target.status == 400);
    CHECK(no_target.string_at("/scimType") == "noTarget");
    auto bad_op = bridge.call(verb::patch, "/Users/" + id,
                              json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                           {"Operations", json::array{json::object{{"op", "frobnicate"}, {"path", "title"}}}}});
    CHECK(bad_op.status == 400);
    // Nothing of it landed.
    CHECK(bridge.call(verb::get, "/Users/" + id).string_at("/meta/version") == "W/\"1\"");
}

TEST_CASE("an ordering operator on a boolean is 400 invalidFilter, with or without users", "[errors][filter]")
{
    bridge_fixture bridge;
    const auto refused = [&](const std::string& query) {
        INFO(query);
        auto reply = bridge.call(verb::get, "/Users?" + query);
        CHECK(reply.status == 400);
        CHECK(reply.string_at("/scimType") == "invalidFilter");
    };
    // No user yet: nothing is evaluated, the filter is refused all the same.
    refused("filter=active%20gt%20true");
    refused("filter=userName%20eq%20%22nobody%22%20and%20active%20le%20false");
    bridge.create_user("ordered@example.com");
    refused("filter=active%20gt%20true");
    // Indexed: the store answers `userName eq`, the rest is still checked.
    refused("filter=userName%20eq%20%22ordered@example.com%22%20and%20active%20ge%20true");
    CHECK(bridge.call(verb::get, "/Users?filter=active%20eq%20true").status == 200);
}

TEST_CASE("unknown endpoints, methods and Bulk", "[errors]")
{
    bridge_fixture bridge;
    CHECK(bridge.call(verb::get, "/Widgets").status == 404);
    CHECK(bridge.call(verb::delete_, "/Users").status == 405);
    CHECK(bridge.call(verb::get, "/Bulk").status == 405);
    CHECK(bridge.raw_call(verb::get, "/healthz", {}, {}).status == 200);
    CHECK(bridge.raw_call(verb::get, "/readyz", {}, {}).status == 200);
}

TEST_CASE("an oversized body is 413", "[errors][limits]")
{
    bridge_fixture bridge;
    std::string huge = R"({"userName":")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
    auto reply = post_raw(bridge, "/Users", huge);
    CHECK(reply.status == 413);
}
