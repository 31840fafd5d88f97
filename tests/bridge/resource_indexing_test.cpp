// diff_members: the membership delta a group write hands the store, which
// compares the two lists from both ends before hashing what differs.

#include "bridge/resource_indexing.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;

json::object group_of(const std::vector<std::string>& ids)
{
    json::array members;
    for (const auto& id : ids)
        members.push_back(json::object{{"value", id}});
    return json::object{{"displayName", "g"}, {"members", std::move(members)}};
}

struct delta {
    std::vector<std::string> added, removed;
};

delta diff(const std::vector<std::string>& before, const std::vector<std::string>& after)
{
    const json::object old_group = group_of(before), new_group = group_of(after);
    store::resource_write write;
    bridge::diff_members(&old_group, &new_group, write);
    std::vector<std::string> added;
    for (const auto& member : write.members_added) {
        CHECK(json::parse(member.json).at("value").as_string() == member.id);
        added.push_back(member.id);
    }
    std::sort(added.begin(), added.end());
    std::sort(write.members_removed.begin(), write.members_removed.end());
    return {added, write.members_removed};
}

std::vector<std::string> ids(int first, int last)
{
    std::vector<std::string> out;
    for (int i = first; i < last; ++i)
        out.push_back("m" + std::to_string(i));
    return out;
}

} // namespace

TEST_CASE("diff_members: appended, removed, replaced members")
{
    const auto base = ids(0, 1000);
    auto appended = base;
    appended.push_back("new");
    CHECK(diff(base, appended).added == std::vector<std::string>{"new"});
    CHECK(diff(base, appended).removed.empty());

    auto removed = base;
    removed.erase(removed.begin() + 500);
    CHECK(diff(base, removed).added.empty());
    CHECK(diff(base, removed).removed == std::vector<std::string>{"m500"});

    // Many at once (the hashed path), and a reordering that changes nothing.
    auto swapped = ids(0, 400);
    for (const auto& id : ids(2000, 2010))
        swapped.push_back(id);
    const delta many = diff(base, swapped);
    CHECK(many.added == ids(2000, 2010));
    CHECK(many.removed.size() == 600);
    auto reversed = base;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(diff(base, reversed).added.empty());
    CHECK(diff(base, reversed).removed.empty());

    // From and to nothing.
    CHECK(diff({}, base).added.size() == 1000);
    CHECK(diff(base, {}).removed.size() == 1000);
}

TEST_CASE("diff_members: an id named twice is a member while any copy is left")
{
    // The copy in the differing stretch also stands in the shared part.
    CHECK(diff({"a", "b", "a"}, {"a", "b"}).removed.empty());
    CHECK(diff({"a", "b"}, {"a", "b", "a"}).added.empty());
    CHECK(diff({"a", "x", "b"}, {"a", "b", "x"}).removed.empty());
    // Named twice in what is added: once in the delta.
    CHECK(diff({"a"}, {"a", "c", "c"}).added == std::vector<std::string>{"c"});
    // More than a few candidates, some of them in the shared ends.
    std::vector<std::string> before = ids(0, 20), after = ids(0, 20);
    for (const auto& id : ids(0, 10))
        before.insert(before.begin() + 10, id);
    CHECK(diff(before, after).removed.empty());
    for (const auto& id : ids(100, 110))
        after.insert(after.begin() + 10, id);
    after.insert(after.begin() + 10, "m3");
    CHECK(diff(ids(0, 20), after).added == ids(100, 110));
}
