// Times the large-group PATCHes of tests/scim/patch_large_group_test.cpp:
// each must stay well under a second (Entra sends hundreds in a row, and
// every request has a 60-second budget).

#include "scim/patch.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

namespace json = boost::json;

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

void time(const char* what, const json::object& group, const json::object& body, const scim::resource_type& type)
{
    const auto start = std::chrono::steady_clock::now();
    const json::object result = scim::apply_patch(group, body, type);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    std::printf("%-55s %8.1f ms  (%zu members)\n", what, took.count(), result.at("members").get_array().size());
}

} // namespace

int main()
{
    const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    const scim::resource_type& type = *registry->find_resource_type("Group");
    const json::object group = group_of(10'000);

    json::array added;
    for (int i = 10'000; i < 11'000; ++i)
        added.push_back(json::object{{"value", member_id(i)}});
    time("add 1,000 members in one operation", group,
         patch_op({json::object{{"op", "add"}, {"path", "members"}, {"value", std::move(added)}}}), type);

    json::array removed;
    for (int i = 0; i < 1'000; ++i)
        removed.push_back(json::object{{"value", member_id(i * 7)}});
    time("remove 1,000 members (Entra value array)", group,
         patch_op({json::object{{"op", "Remove"}, {"path", "members"}, {"value", std::move(removed)}}}), type);

    json::array operations;
    for (int i = 0; i < 1'000; ++i)
        operations.push_back(json::object{{"op", "remove"}, {"path", "members[value eq \"" + member_id(i * 3) + "\"]"}});
    time("1,000 operations remove members[value eq ...]", group, patch_op(std::move(operations)), type);

    time("add one member (Entra's incremental cycle)", group,
         patch_op({json::object{{"op", "Add"}, {"path", "members"}, {"value", json::array{json::object{{"value", "new"}}}}}}),
         type);
    return 0;
}
