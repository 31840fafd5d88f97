// /Groups over real HTTP: members, Entra's and Okta's membership shapes,
// large groups, and users leaving groups when deleted.

#include "integration/bridge_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

json::object patch_of(json::array operations)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}}, {"Operations", std::move(operations)}};
}

std::size_t member_count(bridge_fixture& bridge, const std::string& group_id)
{
    auto group = bridge.call(verb::get, "/Groups/" + group_id);
    const auto* members = group.object().if_contains("members");
    return members ? members->as_array().size() : 0;
}

} // namespace

TEST_CASE("group membership follows Entra's and Okta's PATCH shapes", "[groups]")
{
    bridge_fixture bridge;
    const std::string a(bridge.create_user("a@example.com").at("id").as_string());
    const std::string b(bridge.create_user("b@example.com").at("id").as_string());
    const std::string c(bridge.create_user("c@example.com").at("id").as_string());
    auto group = bridge.create_group("Engineering", json::array{json::object{{"value", a}}});
    const std::string gid(group.at("id").as_string());

    // Entra: add with capitalised op, members without type.
    auto add = bridge.call(verb::patch, "/Groups/" + gid,
                           patch_of({json::object{{"op", "Add"}, {"path", "members"},
                                                  {"value", json::array{json::object{{"value", b}}, json::object{{"value", c}}}}}}));
    REQUIRE(add.status / 100 == 2);
    CHECK(member_count(bridge, gid) == 3);

    // Entra's default removal form removes just the listed members.
    auto remove = bridge.call(verb::patch, "/Groups/" + gid,
                              patch_of({json::object{{"op", "Remove"}, {"path", "members"},
                                                     {"value", json::array{json::object{{"value", b}}}}}}));
    REQUIRE(remove.status / 100 == 2);
    CHECK(member_count(bridge, gid) == 2);

    // Okta: filtered remove, then a rename carrying the group's id.
    auto filtered = bridge.call(verb::patch, "/Groups/" + gid,
                                patch_of({json::object{{"op", "remove"}, {"path", "members[value eq \"" + c + "\"]"}}}));
    REQUIRE(filtered.status / 100 == 2);
    CHECK(member_count(bridge, gid) == 1);
    auto rename = bridge.call(verb::patch, "/Groups/" + gid,
                              patch_of({json::object{{"op", "replace"},
                                                     {"value", json::object{{"id", gid}, {"displayName", "Eng"}}}}}));
    REQUIRE(rename.status / 100 == 2);
    auto renamed = bridge.call(verb::get, "/Groups/" + gid);
    CHECK(renamed.string_at("/displayName") == "Eng");
    CHECK(member_count(bridge, gid) == 1);  // a rename never touches membership

    // excludedAttributes=members, as Entra asks.
    auto slim = bridge.call(verb::get, "/Groups/" + gid + "?excludedAttributes=members");
    CHECK_FALSE(slim.object().contains("members"));
    CHECK(slim.string_at("/displayName") == "Eng");

    // The user's read-only `groups` is derived from the memberships.
    auto user = bridge.call(verb::get, "/Users/" + a);
    CHECK(user.string_at("/groups/0/value") == gid);

    // Deleting a user removes it from its groups.
    CHECK(bridge.call(verb::delete_, "/Users/" + a).status == 204);
    CHECK(member_count(bridge, gid) == 0);

    // replace members [] clears the group.
    bridge.call(verb::patch, "/Groups/" + gid,
                patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", json::array{json::object{{"value", c}}}}}}));
    bridge.call(verb::patch, "/Groups/" + gid,
                patch_of({json::object{{"op", "replace"}, {"path", "members"}, {"value", json::array{}}}}));
    CHECK(member_count(bridge, gid) == 0);
}

TEST_CASE("group displayName is unique per target", "[groups]")
{
    bridge_fixture bridge;
    bridge.create_group("Sales");
    auto duplicate = bridge.call(verb::post, "/Groups",
                                 json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                              {"displayName", "sales"}});
    CHECK(duplicate.status == 409);
    CHECK(duplicate.string_at("/scimType") == "uniqueness");
}

TEST_CASE("a 10,000-member group takes 1,000 more and loses 1,000 in one PATCH each", "[groups][large]")
{
    bridge_fixture bridge;
    // Grown 1,000 at a time: one write changes at most limits.max_member_changes members.
    const std::string gid(bridge.create_group("Everyone").at("id").as_string());
    for (int first = 0; first < 10000; first += 1000) {
        json::array members;
        for (int i = first; i < first + 1000; ++i)
            members.push_back(json::object{{"value", "member-" + std::to_string(i)}});
        auto grown = bridge.call(verb::patch, "/Groups/" + gid + "?excludedAttributes=members",
                                 patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", members}}}));
        REQUIRE(grown.status == 200);
    }

    json::array more;
    for (int i = 10000; i < 11000; ++i)
        more.push_back(json::object{{"value", "member-" + std::to_string(i)}});
    const auto start = std::chrono::steady_clock::now();
    auto add = bridge.call(verb::patch, "/Groups/" + gid + "?excludedAttributes=members",
                           patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", more}}}));
    const auto added = std::chrono::steady_clock::now();
    REQUIRE(add.status / 100 == 2);

    json::array fewer;
    for (int i = 0; i < 1000; ++i)
        fewer.push_back(json::object{{"value", "member-" + std::to_string(i)}});
    auto remove = bridge.call(verb::patch, "/Groups/" + gid + "?excludedAttributes=members",
                              patch_of({json::object{{"op", "remove"}, {"path", "members"}, {"value", fewer}}}));
    const auto removed = std::chrono::steady_clock::now();
    REQUIRE(remove.status / 100 == 2);
    CHECK(member_count(bridge, gid) == 10000);

    // Printed for the record, never asserted (benchmarks measure speed).
    using ms = std::chrono::duration<double, std::milli>;
    std::printf("large group: add 1000 to 10000 in %.1f ms, remove 1000 in %.1f ms\n",
                ms(added - start).count(), ms(removed - added).count());
}

namespace {

json::array member_values(int first, int last)
{
    json::array members;
    for (int i = first; i < last; ++i)
        members.push_back(json::object{{"value", "member-" + std::to_string(i)}});
    return members;
}

} // namespace

// Each member changed is a row in the store and its reverse index; one
// request may change at most limits.max_member_changes of them (issue 13),
// and a refused request changes nothing: not the group, not its version,
// not its members' groups.
TEST_CASE("a write changing more members than limits.max_member_changes is refused and changes nothing", "[groups]")
{
    bridge_fixture bridge({}, "limits: {max_member_changes: 3}\n");
    const std::string user(bridge.create_user("a@example.com").at("id").as_string());
    // Named in every refused request that adds: must not join the group.
    const std::string outsider(bridge.create_user("b@example.com").at("id").as_string());
    auto with_outsider = [&](json::array members) {
        members.push_back(json::object{{"value", outsider}});
        return members;
    };
    json::array first = member_values(0, 2);
    first.push_back(json::object{{"value", user}});
    const auto created = bridge.create_group("Limited", first);
    const std::string gid(created.at("id").as_string());
    const std::string path = "/Groups/" + gid;
    auto before = bridge.call(verb::get, path);
    REQUIRE(before.status == 200);

    auto unchanged = [&] {
        auto now = bridge.call(verb::get, path);
        CHECK(now.body == before.body);
        CHECK(now.raw[server::http::field::etag] == before.raw[server::http::field::etag]);
        // The reverse index (member -> groups) is unchanged too.
        auto member = bridge.call(verb::get, "/Users/" + user);
        REQUIRE(member.object().contains("groups"));
        CHECK(member.object().at("groups").as_array().size() == 1);
        auto other = bridge.call(verb::get, "/Users/" + outsider);
        CHECK_FALSE(other.object().contains("groups"));
    };
    auto check_refused = [&](const scim_reply& reply) {
        CHECK(reply.status == 400);
        CHECK(reply.string_at("/scimType") == "invalidValue");
        CHECK(reply.string_at("/detail").find("limits.max_member_changes") != std::string::npos);
        unchanged();
    };

    // One operation of four members; four operations of one.
    check_refused(bridge.call(verb::patch, path,
                              patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", with_outsider(member_values(6, 9))}}})));
    json::array singles;
    for (int i = 6; i < 9; ++i)
        singles.push_back(json::object{{"op", "add"}, {"path", "members"}, {"value", member_values(i, i + 1)}});
    singles.push_back(json::object{{"op", "add"}, {"path", "members"}, {"value", with_outsider({})}});
    check_refused(bridge.call(verb::patch, path, patch_of(singles)));
    // A remove without a filter names no value: bounded by what it changes.
    // Emptying three members is within the limit; six are not.
    auto clear = bridge.call(verb::patch, path, patch_of({json::object{{"op", "remove"}, {"path", "members"}}}));
    REQUIRE(clear.status == 200);
    auto refill = bridge.call(verb::patch, path, patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", first}}}));
    REQUIRE(refill.status == 200);
    auto grow = bridge.call(verb::patch, path,
                            patch_of({json::object{{"op", "add"}, {"path", "members"}, {"value", member_values(2, 5)}}}));
    REQUIRE(grow.status == 200);
    before = bridge.call(verb::get, path);
    REQUIRE(before.object().at("members").as_array().size() == 6);
    check_refused(bridge.call(verb::patch, path, patch_of({json::object{{"op", "remove"}, {"path", "members"}}})));

    // A PUT that swaps the membership: 6 removed, 1 added.
    check_refused(bridge.call(verb::put, path,
                              json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                           {"displayName", "Limited"},
                                           {"members", with_outsider({})}}));
    // A POST with four members creates nothing.
    auto post = bridge.call(verb::post, "/Groups",
                            json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                         {"displayName", "Crowded"},
                                         {"members", with_outsider(member_values(6, 9))}});
    CHECK(post.status == 400);
    auto crowded = bridge.call(verb::get, "/Groups?filter=displayName%20eq%20%22Crowded%22");
    CHECK(crowded.object().at("totalResults") == 0);
    unchanged();
}
