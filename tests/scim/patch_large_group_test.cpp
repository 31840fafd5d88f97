// Large groups: the sizes Entra ID and Okta reach, checked for correctness
// (tests/bench/patch_bench.cpp times them).

#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/resource.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace {

namespace json = boost::json;

const scim::resource_type& group_type()
{
    static const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *registry->find_resource_type("Group");
}

std::string member_id(int i) { return "member-" + std::to_string(i); }

json::object group_of(int size)
{
    json::array members;
    for (int i = 0; i < size; ++i)
        members.push_back(json::object{{"value", member_id(i)}, {"type", "User"}});
    return json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                        {"id", "big"},
                        {"displayName", "Everyone"},
                        {"members", std::move(members)}};
}

json::object patch_op(json::array operations)
{
    return json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                        {"Operations", std::move(operations)}};
}

std::set<std::string> member_ids(const json::object& group)
{
    std::set<std::string> ids;
    for (const json::value& member : group.at("members").get_array())
        ids.insert(std::string(member.at("value").get_string()));
    return ids;
}

} // namespace

TEST_CASE("patch: large group: 1000 members added to 10000 in one operation")
{
    // Half of them already members: the union keeps one of each.
    json::array added;
    for (int i = 9'500; i < 10'500; ++i)
        added.push_back(json::object{{"value", member_id(i)}});
    const json::object result = scim::apply_patch(
        group_of(10'000), patch_op({json::object{{"op", "add"}, {"path", "members"}, {"value", std::move(added)}}}),
        group_type());
    CHECK(result.at("members").get_array().size() == 10'500);
    CHECK(member_ids(result).size() == 10'500);
    CHECK(result.at("members").get_array().back().at("value").get_string() == member_id(10'499));
}

TEST_CASE("patch: large group: 1000 of 10000 members removed by Entra value array")
{
    json::array removed;
    for (int i = 0; i < 2'000; i += 2)
        removed.push_back(json::object{{"value", member_id(i)}});
    const json::object result = scim::apply_patch(
        group_of(10'000), patch_op({json::object{{"op", "Remove"}, {"path", "members"}, {"value", std::move(removed)}}}),
        group_type());
    const std::set<std::string> ids = member_ids(result);
    CHECK(ids.size() == 9'000);
    CHECK(ids.count(member_id(0)) == 0);
    CHECK(ids.count(member_id(1)) == 1);
    CHECK(ids.count(member_id(1'998)) == 0);
    CHECK(ids.count(member_id(2'000)) == 1);
    // Order of the remaining members is kept.
    CHECK(result.at("members").get_array().front().at("value").get_string() == member_id(1));
}

TEST_CASE("patch: large group: 1000 operations removing one of 10000 members each")
{
    json::array operations;
    for (int i = 0; i < 1'000; ++i)
        operations.push_back(
            json::object{{"op", "remove"}, {"path", "members[value eq \"" + member_id(i * 10) + "\"]"}});
    // Interleaved generic edits must see the removals already made.
    operations.push_back(json::object{{"op", "replace"}, {"path", "displayName"}, {"value", "Most"}});
    operations.push_back(json::object{{"op", "remove"}, {"path", "members[value eq \"" + member_id(1) + "\" or value eq \"" + member_id(0) + "\"]"}});
    const json::object result = scim::apply_patch(group_of(10'000), patch_op(std::move(operations)), group_type());
    const std::set<std::string> ids = member_ids(result);
    CHECK(ids.size() == 8'999);
    CHECK(ids.count(member_id(10)) == 0);
    CHECK(ids.count(member_id(1)) == 0);
    CHECK(ids.count(member_id(11)) == 1);
    CHECK(result.at("displayName") == "Most");
}

TEST_CASE("patch: other multi-valued attributes keep at most max_values_per_attribute values")
{
    static const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    const scim::resource_type& users = *registry->find_resource_type("User");
    const json::object user{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                            {"id", "u"},
                            {"userName", "bjensen"}};
    auto email = [](std::size_t i) { return json::object{{"value", "e" + std::to_string(i) + "@example.com"}}; };
    // One add per value, as an attacker would send them: each add compares
    // with the values present, so the count must stay bounded.
    auto adds = [&](std::size_t count) {
        json::array operations;
        for (std::size_t i = 0; i < count; ++i)
            operations.push_back(json::object{{"op", "add"}, {"path", "emails"}, {"value", json::array{email(i)}}});
        return patch_op(std::move(operations));
    };
    const auto full = scim::apply_patch(user, adds(scim::max_values_per_attribute), users);
    CHECK(full.at("emails").get_array().size() == scim::max_values_per_attribute);
    try {
        scim::apply_patch(user, adds(scim::max_values_per_attribute + 1), users);
        FAIL("the value past the bound was accepted");
    } catch (const scim::error& refused) {
        CHECK(refused.status() == 400);
        CHECK(refused.type() == scim::scim_type::invalid_value);
    }
    // Adding values already present stays possible at the bound.
    CHECK(scim::apply_patch(full, adds(10), users).at("emails").get_array().size() == scim::max_values_per_attribute);

    // The same bound for a whole resource (POST, PUT); members are exempt.
    json::object crowded = user;
    json::array emails;
    for (std::size_t i = 0; i <= scim::max_values_per_attribute; ++i)
        emails.push_back(email(i));
    crowded["emails"] = emails;
    CHECK_THROWS_AS(scim::validate_resource(crowded, users, nullptr), scim::error);
    CHECK_NOTHROW(scim::validate_resource(group_of(1000), group_type(), nullptr));
}
