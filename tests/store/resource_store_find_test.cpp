#include "store_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using store::indexed_column;
using store::write_outcome;
using store_test::group;
using store_test::store_fixture;
using store_test::user;

namespace {

std::vector<std::string> ids(const std::vector<store::resource_row>& rows) {
    std::vector<std::string> result;
    for (const auto& row : rows) {
        result.push_back(row.id);
    }
    return result;
}

using id_list = std::vector<std::string>;

} // namespace

TEST_CASE("find by id, user name, external id and display name", "[store][find]") {
    store_fixture f;
    auto alice = user("u1", "Alice");
    alice.index.external_id = "EXT-1";
    alice.index.display_name = "Alice Smith";
    auto bob = user("u2", "bob");
    bob.index.external_id = "ext-1";
    bob.index.display_name = "ALICE SMITH";
    REQUIRE(f.resources.insert(alice) == write_outcome::ok);
    REQUIRE(f.resources.insert(bob) == write_outcome::ok);

    CHECK(ids(f.resources.find("acme", "User", indexed_column::id, "u2")) == id_list{"u2"});
    CHECK(f.resources.find("acme", "User", indexed_column::id, "U2").empty());  // ids are exact

    CHECK(ids(f.resources.find("acme", "User", indexed_column::user_name, "ALICE")) == id_list{"u1"});
    CHECK(ids(f.resources.find("acme", "User", indexed_column::user_name, "Bob")) == id_list{"u2"});
    CHECK(f.resources.find("acme", "User", indexed_column::user_name, "carol").empty());

    // externalId is case-exact (RFC 7643 caseExact: true).
    CHECK(ids(f.resources.find("acme", "User", indexed_column::external_id, "EXT-1")) == id_list{"u1"});
    CHECK(ids(f.resources.find("acme", "User", indexed_column::external_id, "ext-1")) == id_list{"u2"});

    // displayName is not unique: both, in creation order.
    CHECK(ids(f.resources.find("acme", "User", indexed_column::display_name, "alice smith")) == id_list{"u1", "u2"});

    // Scoped by target and type.
    CHECK(f.resources.find("globex", "User", indexed_column::user_name, "alice").empty());
    CHECK(f.resources.find("acme", "Group", indexed_column::user_name, "alice").empty());
}

TEST_CASE("find follows updates: the old value no longer matches", "[store][find]") {
    store_fixture f;
    auto alice = user("u1", "alice");
    alice.index.external_id = "e1";
    REQUIRE(f.resources.insert(alice) == write_outcome::ok);
    auto renamed = user("u1", "alicia", 1);
    std::int64_t version = 0;
    REQUIRE(f.resources.update(renamed, version) == write_outcome::ok);
    CHECK(f.resources.find("acme", "User", indexed_column::user_name, "alice").empty());
    CHECK(f.resources.find("acme", "User", indexed_column::external_id, "e1").empty());
    CHECK(ids(f.resources.find("acme", "User", indexed_column::user_name, "ALICIA")) == id_list{"u1"});
}

TEST_CASE("several emails per resource, case-insensitive, replaced on update", "[store][find]") {
    store_fixture f;
    auto alice = user("u1", "alice");
    alice.index.emails = {"Alice@Work.example", "alice@home.example", "ALICE@WORK.EXAMPLE"};
    auto bob = user("u2", "bob");
    bob.index.emails = {"shared@example.com"};
    alice.index.emails.push_back("shared@example.com");
    REQUIRE(f.resources.insert(alice) == write_outcome::ok);
    REQUIRE(f.resources.insert(bob) == write_outcome::ok);

    // The duplicate spelling is stored once: one row back, not two.
    CHECK(ids(f.resources.find("acme", "User", indexed_column::email, "alice@work.example")) == id_list{"u1"});
    CHECK(ids(f.resources.find("acme", "User", indexed_column::email, "ALICE@home.example")) == id_list{"u1"});
    CHECK(ids(f.resources.find("acme", "User", indexed_column::email, "shared@example.com")) == id_list{"u1", "u2"});

    auto moved = user("u1", "alice", 1);
    moved.index.emails = {"alice@new.example"};
    std::int64_t version = 0;
    REQUIRE(f.resources.update(moved, version) == write_outcome::ok);
    CHECK(f.resources.find("acme", "User", indexed_column::email, "alice@work.example").empty());
    CHECK(ids(f.resources.find("acme", "User", indexed_column::email, "shared@example.com")) == id_list{"u2"});
    CHECK(ids(f.resources.find("acme", "User", indexed_column::email, "alice@new.example")) == id_list{"u1"});

    REQUIRE(f.resources.remove({"acme", "User", "u2"}, 1) == write_outcome::ok);
    CHECK(f.resources.find("acme", "User", indexed_column::email, "shared@example.com").empty());
}

TEST_CASE("member reverse index follows the deltas", "[store][find][members]") {
    store_fixture f;
    auto admins = group("g1", "admins");
    admins.members_added = {store_test::member("u1"), store_test::member("u2")};
    auto staff = group("g2", "staff");
    staff.members_added = {store_test::member("u1")};
    REQUIRE(f.resources.insert(admins) == write_outcome::ok);
    REQUIRE(f.resources.insert(staff) == write_outcome::ok);

    auto groups_of = [&](const std::string& member) {
        return ids(f.resources.find("acme", "Group", indexed_column::member, member));
    };
    CHECK(groups_of("u1") == id_list{"g1", "g2"});
    CHECK(groups_of("u2") == id_list{"g1"});
    CHECK(groups_of("u3").empty());

    // A one-member PATCH: remove u1, add u3, re-add u2 (already there: no error).
    auto patch = group("g1", "admins", 1);
    patch.members_removed = {"u1"};
    patch.members_added = {store_test::member("u3"), store_test::member("u2")};
    std::int64_t version = 0;
    REQUIRE(f.resources.update(patch, version) == write_outcome::ok);
    CHECK(groups_of("u1") == id_list{"g2"});
    CHECK(groups_of("u2") == id_list{"g1"});
    CHECK(groups_of("u3") == id_list{"g1"});

    // An update without deltas leaves membership alone.
    REQUIRE(f.resources.update(group("g1", "admins", 2), version) == write_outcome::ok);
    CHECK(groups_of("u3") == id_list{"g1"});

    // Removing a conflicting delta (wrong version) changes nothing.
    auto stale = group("g2", "staff", 7);
    stale.members_removed = {"u1"};
    CHECK(f.resources.update(stale, version) == write_outcome::conflict);
    CHECK(groups_of("u1") == id_list{"g2"});

    // Removing a group removes its member rows.
    REQUIRE(f.resources.remove({"acme", "Group", "g1"}, 3) == write_outcome::ok);
    CHECK(groups_of("u2").empty());
    CHECK(groups_of("u3").empty());
    CHECK(groups_of("u1") == id_list{"g2"});

    // A new group reusing the id starts with no members.
    REQUIRE(f.resources.insert(group("g1", "admins")) == write_outcome::ok);
    CHECK(groups_of("u2").empty());
}

TEST_CASE("a member's groups carry their names as written, from a column", "[store][find][members]") {
    store_fixture f;
    auto sales = group("g1", "Sales Team");
    sales.members_added = {store_test::member("u1")};
    REQUIRE(f.resources.insert(sales) == write_outcome::ok);
    auto names_of = [&](const std::string& member) {
        std::vector<std::string> names;
        for (const auto& ref : f.resources.groups_of_member("acme", member))
            names.push_back(ref.display_name.value_or("(none)"));
        return names;
    };
    CHECK(names_of("u1") == std::vector<std::string>{"Sales Team"});

    // A change of case only: the folded index column stays, the name follows.
    std::int64_t version = 0;
    REQUIRE(f.resources.update(group("g1", "SALES team", 1), version) == write_outcome::ok);
    CHECK(names_of("u1") == std::vector<std::string>{"SALES team"});

    // The name comes from its column, not from the group's text: a text
    // without a displayName (never stored so, but telling) changes nothing.
    auto text_without_name = group("g1", "SALES team", 2);
    text_without_name.json = R"({"id":"g1"})";
    REQUIRE(f.resources.update(text_without_name, version) == write_outcome::ok);
    CHECK(names_of("u1") == std::vector<std::string>{"SALES team"});
}

TEST_CASE("a group's members are rows: read back inside its text, looked up one by one", "[store][find][members]") {
    store_fixture f;
    auto sales = group("g1", "Sales");
    sales.members_added = {{"u2", R"({"value":"u2","display":"Bo"})"}, store_test::member("U1")};
    REQUIRE(f.resources.insert(sales) == write_outcome::ok);
    REQUIRE(f.resources.insert(group("g2", "Empty")) == write_outcome::ok);

    // Every read of a group carries its members (in id order), as JSON.
    const auto row = f.resources.get({"acme", "Group", "g1"});
    REQUIRE(row);
    CHECK(row->json == R"({"id":"g1","displayName":"Sales","members":[{"value":"U1"},{"value":"u2","display":"Bo"}]})");
    CHECK(f.resources.page_after("acme", "Group", 0, 10).front().json == row->json);
    CHECK(f.resources.find("acme", "Group", indexed_column::display_name, "sales").front().json == row->json);
    // A group without members has no `members`; its own text is what was written.
    CHECK(f.resources.get({"acme", "Group", "g2"})->json == R"({"id":"g2","displayName":"Empty"})");
    CHECK(f.resources.get_without_members({"acme", "Group", "g1"})->json == R"({"id":"g1","displayName":"Sales"})");

    // members.value is not case-exact: the look-ups fold, the objects keep
    // the id as written.
    const auto among = f.resources.members_among({"acme", "Group", "g1"}, {"u1", "U2", "u3"});
    REQUIRE(among.size() == 2);
    CHECK(among[0].json == R"({"value":"U1"})");
    CHECK(among[1].json == R"({"value":"u2","display":"Bo"})");
    CHECK(ids(f.resources.find("acme", "Group", indexed_column::member, "u1")) == id_list{"g1"});
    CHECK(f.resources.groups_of_member("acme", "U2").size() == 1);

    // A member added again in other case is the same member; a removal in
    // other case takes it out.
    auto again = group("g1", "Sales", 1);
    again.members_added = {store_test::member("u1")};
    again.members_removed = {"U2"};
    std::int64_t version = 0;
    REQUIRE(f.resources.update(again, version) == write_outcome::ok);
    CHECK(f.resources.get({"acme", "Group", "g1"})->json ==
          R"({"id":"g1","displayName":"Sales","members":[{"value":"U1"}]})");
}
