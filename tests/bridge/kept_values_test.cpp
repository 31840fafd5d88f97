// Values a vendor's answers hand back for later requests (response.keep,
// issue 14 finding 7), end to end against the example vendor: memberships
// with ids of their own, and an id kept by one request of a create for the
// next one and for later writes.

#include "store/sqlite/sqlite_kept_value_store.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

namespace json = boost::json;
using server::http::verb;

namespace {

std::string replaced(std::string text, std::string_view from, std::string_view to)
{
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The example vendor's membership calls that address a membership by its
// own id: POST /groups/{id}/memberships {userId} answers {id: m-…};
// DELETE /memberships/{membershipId} is the only way to end it.
std::string memberships_with_ids(std::string mapping)
{
    const auto from = mapping.find("      add_members:");
    REQUIRE(from != std::string::npos);
    return mapping.substr(0, from) + R"(      add_members:
        request:
          method: POST
          path: "/groups/${vendor_id}/memberships"
          body: {userId: "${member.vendor_id}"}
          for_each_member: true
          response: {keep: {vendor_id: /id}}
      remove_members:
        request:
          method: DELETE
          path: "/memberships/${membership.vendor_id}"
          for_each_member: true
)";
}

json::object user_named(const std::string& name)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", name},
            {"name", json::object{{"givenName", "Ada"}, {"familyName", "Lovelace"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"value", name + "@example.com"}}}},
            {"active", true}};
}

json::object members_patch(const char* op, const std::string& id)
{
    json::object operation{{"op", op}, {"path", "members"}, {"value", json::array{json::object{{"value", id}}}}};
    if (std::string_view(op) == "remove")
        operation = {{"op", op}, {"path", "members[value eq \"" + id + "\"]"}};
    return {{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", json::array{operation}}};
}

std::vector<std::string> calls_since(bridge_test::vendor_fixture& f, std::size_t from)
{
    return f.vendor().calls_since(from);
}

std::optional<std::string> kept_for(const std::filesystem::path& dir, const std::string& type,
                                    const std::string& scim_id, const std::string& member, const std::string& name)
{
    auto db = store::database::open({dir / "bridge.db"});
    std::optional<std::string> out;
    for (const auto& value : store::sqlite_kept_value_store(db).values("vendor", type, scim_id, member))
        if (value.name == name)
            out = value.json;
    db->close();
    return out;
}

} // namespace

TEST_CASE("membership ids: add_members keeps each membership's id, remove_members ends it by that id")
{
    bridge_test::vendor_fixture f(memberships_with_ids);
    const auto ada = f.call(verb::post, "/Users", user_named("ada"));
    const auto kim = f.call(verb::post, "/Users", user_named("kim"));
    REQUIRE(ada.status == 201);
    REQUIRE(kim.status == 201);
    const std::string ada_id(ada.body.at("id").as_string()), kim_id(kim.body.at("id").as_string());

    json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                       {"displayName", "Engineering"},
                       {"members", json::array{json::object{{"value", ada_id}}}}};
    auto created = f.call(verb::post, "/Groups", group);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const std::string group_id(created.body.at("id").as_string());
    CHECK(f.vendor().group("g-3")->at("members") == json::array{"u-1"});
    CHECK(kept_for(f.directory(), "Group", group_id, ada_id, "vendor_id") == std::optional<std::string>("\"m-4\""));

    auto added = f.call(verb::patch, "/Groups/" + group_id, members_patch("add", kim_id));
    REQUIRE(added.status / 100 == 2);
    CHECK(kept_for(f.directory(), "Group", group_id, kim_id, "vendor_id") == std::optional<std::string>("\"m-5\""));

    // A later write, on a fresh read of the store: the removal addresses
    // the membership the add made, by its id.
    const auto from = f.vendor().calls().size();
    auto removed = f.call(verb::patch, "/Groups/" + group_id, members_patch("remove", ada_id));
    INFO(removed.raw.body());
    REQUIRE(removed.status / 100 == 2);
    CHECK(calls_since(f, from) == std::vector<std::string>{"DELETE /api/memberships/m-4"});
    CHECK(f.vendor().group("g-3")->at("members") == json::array{"u-2"});
    CHECK(!kept_for(f.directory(), "Group", group_id, ada_id, "vendor_id"));

    // Deleting the group forgets what its memberships kept.
    REQUIRE(f.call(verb::delete_, "/Groups/" + group_id).status == 204);
    CHECK(!kept_for(f.directory(), "Group", group_id, kim_id, "vendor_id"));
}

TEST_CASE("a membership without a kept id is not removed by a guess: the removal is refused")
{
    bridge_test::vendor_fixture f(memberships_with_ids);
    const auto ada = f.call(verb::post, "/Users", user_named("ada"));
    REQUIRE(ada.status == 201);
    const std::string ada_id(ada.body.at("id").as_string());
    json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                       {"displayName", "Engineering"},
                       {"members", json::array{json::object{{"value", ada_id}}}}};
    auto created = f.call(verb::post, "/Groups", group);
    REQUIRE(created.status == 201);
    const std::string group_id(created.body.at("id").as_string());
    // As if the membership had been added before the mapping kept its id.
    {
        auto db = store::database::open({f.directory() / "bridge.db"});
        store::sqlite_kept_value_store(db).forget_membership("vendor", "Group", group_id, ada_id);
        db->close();
    }
    const auto from = f.vendor().calls().size();
    auto removed = f.call(verb::patch, "/Groups/" + group_id, members_patch("remove", ada_id));
    INFO(removed.raw.body());
    CHECK(removed.status / 100 != 2);
    CHECK(removed.raw.body().find("no value 'vendor_id' is kept for this membership") != std::string::npos);
    CHECK(calls_since(f, from).empty());
    CHECK(f.vendor().group("g-2")->at("members") == json::array{"u-1"});
}

TEST_CASE("a value one request's answer keeps fills a later request of the same create, and later writes")
{
    // The create's id is known only from the POST's answer; the chosen
    // password reaches the vendor only through its reset endpoint.
    bridge_test::vendor_fixture f([](std::string mapping) {
        mapping = replaced(mapping, R"(        request:
          method: POST
          path: /users
          response: {id: /id, record: "", async: true})",
                           R"(        requests:
          - method: POST
            path: /users
            response: {id: /id, record: "", async: true, keep: {created_id: /id}}
          - {method: PUT, path: "/users/${kept.created_id}/reset-password", body: {password: "${scim.password}"}})");
        return replaced(mapping, R"(path: "/users/${vendor_id}/deactivate")",
                        R"(path: "/users/${kept.created_id}/deactivate")");
    });
    auto body = user_named("ada");
    body["password"] = "Chosen-Secret-7";
    auto created = f.call(verb::post, "/Users", body);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    CHECK(calls_since(f, 0).back() == "PUT /api/users/u-1/reset-password");
    CHECK(f.vendor().user("u-1")->at("password") == "Chosen-Secret-7");

    const std::string id(created.body.at("id").as_string());
    json::object deactivate{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                            {"Operations", json::array{json::object{{"op", "replace"},
                                                                    {"value", json::object{{"active", false}}}}}}};
    const auto from = f.vendor().calls().size();
    REQUIRE(f.call(verb::patch, "/Users/" + id, deactivate).status == 200);
    const auto calls = calls_since(f, from);
    CHECK(std::find(calls.begin(), calls.end(), "POST /api/users/u-1/deactivate") != calls.end());
    CHECK(f.vendor().user("u-1")->at("active") == "N");
}
