// What Entra ID and Okta really send (docs/idp/quirks.md), end to end.

#include "integration/bridge_fixture.hpp"

#include "config/token_hash.hpp"

#include <catch2/catch.hpp>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

const char* enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

} // namespace

TEST_CASE("Entra ID: query, create, patch quirks, soft delete, hard delete", "[idp][entra]")
{
    bridge_fixture bridge;
    auto none = bridge.call(verb::get, "/Users?filter=userName+eq+%22Test_User_1%40contoso.com%22");
    REQUIRE(none.status == 200);
    CHECK(none.body.at_pointer("/totalResults").as_int64() == 0);

    auto created = bridge.raw_call(verb::post, "/scim/v2/alpha/Users", R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_1@contoso.com",
        "active": true,
        "emails": [{"primary": true, "type": "work", "value": "Test_User_1@contoso.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        "roles": [],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"}
    })", {{"Authorization", std::string("Bearer ") + alpha_token}, {"Content-Type", "application/scim+json"}});
    REQUIRE(created.status == 201);
    const auto id = created.string_at("/id");

    // Entra's PATCH: capitalised ops, string booleans, URN paths, value-path add.
    auto patched = bridge.raw_call(verb::patch, "/scim/v2/alpha/Users/" + id, R"({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "displayName", "value": "Test User 1"},
            {"op": "Add", "path": "emails[type eq \"home\"].value", "value": "home@contoso.com"},
            {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Marketing"},
            {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "mgr-1"},
            {"op": "Replace", "path": "active", "value": "False"}
        ]})", {{"Authorization", std::string("Bearer ") + alpha_token}, {"Content-Type", "application/scim+json"}});
    REQUIRE(patched.status == 200);
    CHECK(patched.string_at("/displayName") == "Test User 1");
    CHECK(patched.body.at_pointer("/active").as_bool() == false);
    CHECK(patched.body.at_pointer("/" + std::string(enterprise) + "/department") == "Marketing");
    CHECK(patched.body.at_pointer("/" + std::string(enterprise) + "/manager/value") == "mgr-1");
    bool home = false;
    for (const auto& email : patched.body.at_pointer("/emails").as_array())
        home = home || (email.at("type") == "home" && email.at("value") == "home@contoso.com");
    CHECK(home);

    // Soft-deleted users stay readable and filterable.
    auto found = bridge.call(verb::get, "/Users?filter=userName%20eq%20%22test_user_1@contoso.com%22");
    CHECK(found.body.at_pointer("/totalResults").as_int64() == 1);
    auto by_external = bridge.call(verb::get, "/Users?filter=externalId%20eq%20%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22");
    CHECK(by_external.body.at_pointer("/totalResults").as_int64() == 1);

    CHECK(bridge.call(verb::delete_, "/Users/" + id).status == 204);
    CHECK(bridge.call(verb::get, "/Users/" + id).status == 404);
}

TEST_CASE("Okta: filter with paging, create with password and groups, PUT, path-less deactivation", "[idp][okta]")
{
    bridge_fixture bridge;
    auto none = bridge.call(verb::get, "/Users?filter=userName%20eq%20%22isaac.brock@example.com%22&startIndex=1&count=100");
    REQUIRE(none.status == 200);
    CHECK(none.body.at_pointer("/Resources").as_array().empty());

    json::object user{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                      {"userName", "isaac.brock@example.com"},
                      {"name", json::object{{"givenName", "Isaac"}, {"familyName", "Brock"}}},
                      {"emails", json::array{json::object{{"primary", true}, {"value", "isaac.brock@example.com"}, {"type", "work"}}}},
                      {"displayName", "Isaac Brock"},
                      {"locale", "en-US"},
                      {"externalId", "00ujl29u0le5T6Aj10h7"},
                      {"groups", json::array{}},
                      {"password", "1mz050nq"},
                      {"active", true}};
    auto created = bridge.call(verb::post, "/Users", user);
    REQUIRE(created.status == 201);
    const auto id = created.string_at("/id");

    user["id"] = id;
    user["name"].as_object()["familyName"] = "Brock-Smith";
    auto put = bridge.call(verb::put, "/Users/" + id, user);
    REQUIRE(put.status == 200);
    CHECK(put.string_at("/name/familyName") == "Brock-Smith");

    auto deactivated = bridge.call(verb::patch, "/Users/" + id,
                                   json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                                {"Operations", json::array{json::object{{"op", "replace"},
                                                                                        {"value", json::object{{"active", false}}}}}}});
    REQUIRE(deactivated.status == 200);
    CHECK(deactivated.body.at_pointer("/active").as_bool() == false);
    auto reactivated = bridge.call(verb::patch, "/Users/" + id,
                                   json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                                {"Operations", json::array{json::object{{"op", "replace"},
                                                                                        {"value", json::object{{"active", true}}}}}}});
    CHECK(reactivated.body.at_pointer("/active").as_bool() == true);
}

TEST_CASE("a target can answer user PATCH with 204, as Microsoft's Postman suite expects", "[idp][settings]")
{
    bridge_fixture bridge("  - name: quiet\n    user_patch_status: 204\n    tokens: [\"" +
                          config::hash_token(gamma_token) + "\"]\n");
    const test_support::header_list auth{{"Authorization", std::string("Bearer ") + gamma_token}};
    auto created = bridge.raw_call(verb::post, "/scim/v2/quiet/Users",
                                   R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"q@example.com"})",
                                   auth);
    REQUIRE(created.status == 201);
    const std::string patch = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                  "Operations":[{"op":"replace","path":"title","value":"Boss"}]})";
    auto quiet = bridge.raw_call(verb::patch, "/scim/v2/quiet/Users/" + created.string_at("/id"), patch, auth);
    CHECK(quiet.status == 204);
    CHECK(quiet.raw.body().empty());
    // alpha keeps the default: 200 with the resource.
    const std::string alpha_id(bridge.create_user("a@example.com").at("id").as_string());
    CHECK(bridge.raw_call(verb::patch, "/scim/v2/alpha/Users/" + alpha_id, patch,
                          {{"Authorization", std::string("Bearer ") + alpha_token}}).status == 200);
}

TEST_CASE("patch_status is chosen per resource type, Groups can answer PATCH with 204 too", "[idp][settings]")
{
    bridge_fixture bridge("  - name: quiet\n    patch_status: {Group: 204}\n    tokens: [\"" +
                          config::hash_token(gamma_token) + "\"]\n");
    const test_support::header_list auth{{"Authorization", std::string("Bearer ") + gamma_token}};
    const std::string patch = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                  "Operations":[{"op":"replace","path":"displayName","value":"Renamed"}]})";
    auto group = bridge.raw_call(verb::post, "/scim/v2/quiet/Groups",
                                 R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G"})",
                                 auth);
    REQUIRE(group.status == 201);
    auto quiet = bridge.raw_call(verb::patch, "/scim/v2/quiet/Groups/" + group.string_at("/id"), patch, auth);
    CHECK(quiet.status == 204);
    CHECK(quiet.raw.body().empty());
    CHECK(quiet.raw[server::http::field::etag] == "W/\"2\"");
    CHECK(bridge.raw_call(verb::get, "/scim/v2/quiet/Groups/" + group.string_at("/id"), {}, auth)
              .string_at("/displayName") == "Renamed");
    // Users on that target keep the default: 200 with the resource.
    auto user = bridge.raw_call(verb::post, "/scim/v2/quiet/Users",
                                R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"q@example.com"})",
                                auth);
    REQUIRE(user.status == 201);
    const std::string title = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                  "Operations":[{"op":"replace","path":"title","value":"Boss"}]})";
    auto loud = bridge.raw_call(verb::patch, "/scim/v2/quiet/Users/" + user.string_at("/id"), title, auth);
    CHECK(loud.status == 200);
    CHECK(loud.string_at("/title") == "Boss");
}
