// What Entra ID and Okta really send (docs/idp/quirks.md), end to end.

#include "integration/bridge_fixture.hpp"

#include "config/token_hash.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>

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

// A group PATCH that names its members one by one (Entra's and Okta's
// membership changes) reads and writes only those members, unless its
// answer is projected (the whole list is then read). The same PATCHes on
// three groups: answered 204, answered 200 from the stored text, answered
// 200 through a projection; the same members and versions after each.
TEST_CASE("a group PATCH naming members one by one ends as on the whole list", "[idp][groups]")
{
    bridge_fixture bridge("  - name: quiet\n    patch_status: {Group: 204}\n    tokens: [\"" +
                          config::hash_token(gamma_token) + "\"]\n");
    struct side {
        std::string base;
        test_support::header_list auth;
        std::string query;  // of each PATCH
        unsigned status;    // of each PATCH
        std::vector<std::string> users;
        std::string group;
    };
    const test_support::header_list alpha{{"Authorization", std::string("Bearer ") + alpha_token}};
    side whole{"/scim/v2/alpha", alpha, "?excludedAttributes=externalId", 200, {}, {}};
    side text{"/scim/v2/alpha", alpha, "", 200, {}, {}};
    side named{"/scim/v2/quiet", {{"Authorization", std::string("Bearer ") + gamma_token}}, "", 204, {}, {}};
    side hidden{"/scim/v2/alpha", alpha, "?excludedAttributes=members", 200, {}, {}};
    for (side* s : {&whole, &text, &named, &hidden}) {
        for (int i = 0; i < 4; ++i) {
            auto user = bridge.raw_call(verb::post, s->base + "/Users",
                                        R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"m)" +
                                            std::to_string(i) + "-" + std::to_string(s->status) + std::to_string(s->query.size()) +
                                            R"(@example.com"})",
                                        s->auth);
            REQUIRE(user.status == 201);
            s->users.push_back(user.string_at("/id"));
        }
        auto group = bridge.raw_call(verb::post, s->base + "/Groups",
                                     R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G)" +
                                         s->query + R"(",
                                         "members":[{"value":")" + s->users[0] + R"("},{"value":")" + s->users[1] +
                                         R"("}]})",
                                     s->auth);
        REQUIRE(group.status == 201);
        s->group = group.string_at("/id");
    }
    // Operations written with user numbers: {N} is the side's user N, {UN}
    // the same id in upper case (members.value is not case-exact).
    const auto render = [](std::string text, const side& s) {
        for (std::size_t n = 0; n < s.users.size(); ++n) {
            std::string upper = s.users[n];
            for (char& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            for (const auto& [key, value] : {std::pair{"{U" + std::to_string(n) + "}", upper},
                                             std::pair{"{" + std::to_string(n) + "}", s.users[n]}})
                for (auto at = text.find(key); at != std::string::npos; at = text.find(key))
                    text.replace(at, key.size(), value);
        }
        return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)" + text + "]}";
    };
    const auto members_of = [&bridge](const side& s) {
        auto group = bridge.raw_call(verb::get, s.base + "/Groups/" + s.group, {}, s.auth);
        std::set<std::size_t> numbers;
        if (const auto* members = group.body.as_object().if_contains("members"))
            for (const auto& member : members->as_array()) {
                const auto id = std::string(member.at("value").as_string());
                const auto at = std::find(s.users.begin(), s.users.end(), id);
                REQUIRE(at != s.users.end());
                numbers.insert(static_cast<std::size_t>(at - s.users.begin()));
            }
        return std::make_pair(numbers, std::string(group.raw[server::http::field::etag]));
    };
    const std::vector<std::pair<std::string, std::set<std::size_t>>> steps{
        // Entra: one add, beside another attribute; a member already there
        // (in other case) is not added twice.
        {R"({"op":"Add","path":"members","value":[{"value":"{2}"},{"value":"{U1}"}]},
            {"op":"Replace","path":"externalId","value":"e2"})", {0, 1, 2}},
        // Okta: a remove by filter, in other case.
        {R"({"op":"remove","path":"members[value eq \"{U0}\"]"})", {1, 2}},
        // Entra: a remove by value list and an add in one request.
        {R"({"op":"Remove","path":"members","value":[{"value":"{2}"}]},{"op":"Add","path":"members","value":[{"value":"{3}"}]})",
         {1, 3}},
        // Nothing to do: an add of a member there, a remove of one not there.
        {R"({"op":"Add","path":"members","value":[{"value":"{1}"}]})", {1, 3}},
        {R"({"op":"Remove","path":"members","value":[{"value":"{0}"}]})", {1, 3}},
        {R"({"op":"remove","path":"members[value eq \"{0}\"]"})", {1, 3}},
    };
    for (const auto& [operations, expected] : steps) {
        INFO(operations);
        std::set<std::string> etags;
        for (const side* s : {&whole, &text, &named, &hidden}) {
            INFO(s->base << s->query << " " << s->status);
            auto patched = bridge.raw_call(verb::patch, s->base + "/Groups/" + s->group + s->query,
                                           render(operations, *s), s->auth);
            CHECK(patched.status == s->status);
            const auto [members, etag] = members_of(*s);
            CHECK(members == expected);
            CHECK(patched.raw[server::http::field::etag] == etag);
            etags.insert(etag);
            if (s->status == 200) {  // the answer shows every member (not only those named), or none
                const auto* answered = patched.body.as_object().if_contains("members");
                CHECK((answered ? answered->as_array().size() : 0) == (s == &hidden ? 0 : expected.size()));
                CHECK(patched.body.as_object().contains("displayName"));
            }
        }
        CHECK(etags.size() == 1);
    }
    CHECK(bridge.raw_call(verb::get, named.base + "/Groups/" + named.group, {}, named.auth).string_at("/externalId") ==
          "e2");
    // The members' own look-ups follow: a user's groups, a filter on members.
    auto user = bridge.raw_call(verb::get, named.base + "/Users/" + named.users[3], {}, named.auth);
    CHECK(user.string_at("/groups/0/value") == named.group);
    auto found = bridge.raw_call(verb::get, named.base + "/Groups?filter=members.value+eq+%22" + named.users[1] + "%22",
                                 {}, named.auth);
    CHECK(found.body.at_pointer("/totalResults").as_int64() == 1);
    // Deleting a member takes it out of the group, without reading the list.
    REQUIRE(bridge.raw_call(verb::delete_, named.base + "/Users/" + named.users[3], {}, named.auth).status == 204);
    CHECK(members_of(named).first == std::set<std::size_t>{1});
}
