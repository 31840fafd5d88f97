#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using store::write_outcome;
using store_test::group;
using store_test::store_fixture;
using store_test::user;

TEST_CASE("insert, get, update, remove", "[store][resources]") {
    store_fixture f;
    const store::resource_key key{"acme", "User", "u1"};
    CHECK_FALSE(f.resources.get(key));

    REQUIRE(f.resources.insert(user("u1", "alice")) == write_outcome::ok);
    auto row = f.resources.get(key);
    REQUIRE(row);
    CHECK(row->id == "u1");
    CHECK(row->version == 1);
    CHECK(row->json == R"({"id":"u1","userName":"alice"})");

    std::int64_t version = 0;
    REQUIRE(f.resources.update(user("u1", "alice2", 1), version) == write_outcome::ok);
    CHECK(version == 2);
    row = f.resources.get(key);
    REQUIRE(row);
    CHECK(row->version == 2);
    CHECK(row->json == R"({"id":"u1","userName":"alice2"})");

    REQUIRE(f.resources.remove(key, 2) == write_outcome::ok);
    CHECK_FALSE(f.resources.get(key));
    CHECK(f.resources.count("acme", "User") == 0);
}

TEST_CASE("the same id is separate per target and per type", "[store][resources]") {
    store_fixture f;
    auto other_target = user("x", "alice");
    other_target.key.target = "globex";
    REQUIRE(f.resources.insert(user("x", "alice")) == write_outcome::ok);
    REQUIRE(f.resources.insert(other_target) == write_outcome::ok);
    REQUIRE(f.resources.insert(group("x", "alice")) == write_outcome::ok);
    CHECK(f.resources.count("acme", "User") == 1);
    CHECK(f.resources.count("globex", "User") == 1);
    CHECK(f.resources.count("acme", "Group") == 1);
    CHECK(f.resources.count("nobody", "User") == 0);
}

TEST_CASE("stale versions and missing rows are conflicts that change nothing", "[store][resources]") {
    store_fixture f;
    const store::resource_key key{"acme", "User", "u1"};
    REQUIRE(f.resources.insert(user("u1", "alice")) == write_outcome::ok);
    std::int64_t version = 0;
    REQUIRE(f.resources.update(user("u1", "bob", 1), version) == write_outcome::ok);

    std::int64_t untouched = -1;
    CHECK(f.resources.update(user("u1", "carol", 1), untouched) == write_outcome::conflict);
    CHECK(untouched == -1);
    CHECK(f.resources.remove(key, 1) == write_outcome::conflict);
    CHECK(f.resources.get(key)->json == R"({"id":"u1","userName":"bob"})");
    CHECK(f.resources.get(key)->version == 2);

    // Inserting an id that exists is a conflict too, not an overwrite.
    CHECK(f.resources.insert(user("u1", "dave")) == write_outcome::conflict);
    CHECK(f.resources.get(key)->version == 2);

    CHECK(f.resources.update(user("ghost", "ghost", 1), untouched) == write_outcome::conflict);
    CHECK(f.resources.remove({"acme", "User", "ghost"}, 1) == write_outcome::conflict);
    CHECK(f.resources.count("acme", "User") == 1);
}

TEST_CASE("unique names are unique per target and type, ignoring ASCII case", "[store][resources]") {
    store_fixture f;
    REQUIRE(f.resources.insert(user("u1", "Alice@Example.com")) == write_outcome::ok);
    CHECK(f.resources.insert(user("u2", "alice@example.COM")) == write_outcome::duplicate);
    CHECK_FALSE(f.resources.get({"acme", "User", "u2"}));
    CHECK(f.resources.count("acme", "User") == 1);

    // The same name is free in another target and for another type.
    auto elsewhere = user("u2", "alice@example.com");
    elsewhere.key.target = "globex";
    CHECK(f.resources.insert(elsewhere) == write_outcome::ok);
    CHECK(f.resources.insert(group("g1", "ALICE@example.com")) == write_outcome::ok);

    // Renaming onto a taken name is a duplicate; the row keeps its old state.
    REQUIRE(f.resources.insert(user("u3", "bob")) == write_outcome::ok);
    std::int64_t version = 0;
    CHECK(f.resources.update(user("u3", "ALICE@EXAMPLE.COM", 1), version) == write_outcome::duplicate);
    CHECK(f.resources.get({"acme", "User", "u3"})->version == 1);
    CHECK(f.resources.get({"acme", "User", "u3"})->json == R"({"id":"u3","userName":"bob"})");

    // Changing only the case of one's own name is fine.
    CHECK(f.resources.update(user("u3", "BOB", 1), version) == write_outcome::ok);

    // Removing frees the name.
    REQUIRE(f.resources.remove({"acme", "User", "u1"}, 1) == write_outcome::ok);
    CHECK(f.resources.insert(user("u4", "alice@example.com")) == write_outcome::ok);
}

TEST_CASE("resources without a unique name do not collide", "[store][resources]") {
    store_fixture f;
    auto a = user("u1", "x");
    auto b = user("u2", "x");
    a.index.unique_name.reset();
    b.index.unique_name.reset();
    CHECK(f.resources.insert(a) == write_outcome::ok);
    CHECK(f.resources.insert(b) == write_outcome::ok);
}

TEST_CASE("non-ASCII letters fold too: ÄRGER and ärger are one name", "[store][resources]") {
    // Up to schema version 5 only ASCII letters folded and these were two
    // users (a documented limit); see unicode_keys_test.cpp for the rest.
    store_fixture f;
    REQUIRE(f.resources.insert(user("u1", "ÄRGER")) == write_outcome::ok);
    CHECK(f.resources.insert(user("u2", "ärger")) == write_outcome::duplicate);
    const auto found = f.resources.find("acme", "User", store::indexed_column::user_name, "äRGER");
    REQUIRE(found.size() == 1);
    CHECK(found[0].id == "u1");
}

TEST_CASE("a failed write leaves the store exactly as it was", "[store][resources]") {
    store_fixture f;
    REQUIRE(f.resources.insert(user("u1", "alice")) == write_outcome::ok);
    auto g = group("g1", "admins");
    g.members_added = {store_test::member("u1")};
    REQUIRE(f.resources.insert(g) == write_outcome::ok);
    const auto before_page = f.resources.page("acme", "User", 0, 10);

    SECTION("an insert whose name is taken writes no email and no member row") {
        auto clash = user("u2", "ALICE");
        clash.index.emails = {"shared@example.com"};
        clash.members_added = {store_test::member("u1")};
        CHECK(f.resources.insert(clash) == write_outcome::duplicate);
        CHECK(f.resources.find("acme", "User", store::indexed_column::email, "shared@example.com").empty());
        CHECK(f.resources.find("acme", "User", store::indexed_column::member, "u1").empty());
    }
    SECTION("an update whose name is taken keeps old emails and members") {
        auto bob = user("u2", "bob");
        bob.index.emails = {"bob@example.com"};
        REQUIRE(f.resources.insert(bob) == write_outcome::ok);
        auto rename = group("g2", "other");
        REQUIRE(f.resources.insert(rename) == write_outcome::ok);
        auto bad = user("u2", "alice", 1);
        bad.index.emails = {"new@example.com"};
        std::int64_t version = 0;
        CHECK(f.resources.update(bad, version) == write_outcome::duplicate);
        CHECK(f.resources.find("acme", "User", store::indexed_column::email, "bob@example.com").size() == 1);
        CHECK(f.resources.find("acme", "User", store::indexed_column::email, "new@example.com").empty());

        auto bad_group = group("g2", "ADMINS", 1);
        bad_group.members_added = {store_test::member("u2")};
        CHECK(f.resources.update(bad_group, version) == write_outcome::duplicate);
        CHECK(f.resources.find("acme", "Group", store::indexed_column::member, "u2").empty());
        CHECK(f.resources.remove({"acme", "User", "u2"}, 1) == write_outcome::ok);
        CHECK(f.resources.remove({"acme", "Group", "g2"}, 1) == write_outcome::ok);
    }
    CHECK(f.resources.count("acme", "User") == 1);
    CHECK(f.resources.count("acme", "Group") == 1);
    const auto after_page = f.resources.page("acme", "User", 0, 10);
    REQUIRE(after_page.size() == before_page.size());
    CHECK(after_page[0].json == before_page[0].json);
    CHECK(f.resources.get({"acme", "User", "u1"})->version == 1);
    CHECK(f.resources.find("acme", "Group", store::indexed_column::member, "u1").size() == 1);
}

TEST_CASE("an update that knows the previous index values rewrites only what changed", "[store][resources]") {
    using store::indexed_column;
    store_fixture f;
    auto first = user("u1", "alice");
    first.index.emails = {"alice@example.com"};
    REQUIRE(f.resources.insert(first) == write_outcome::ok);

    // Only the JSON changes: the indexes still find the row, with the new text.
    auto same = user("u1", "alice", 1);
    same.json = R"({"id":"u1","userName":"alice","title":"T2"})";
    same.index.emails = {"Alice@Example.com"};
    same.previous_index = first.index;
    std::int64_t version = 0;
    REQUIRE(f.resources.update(same, version) == write_outcome::ok);
    CHECK(version == 2);
    auto found = f.resources.find("acme", "User", indexed_column::user_name, "ALICE");
    REQUIRE(found.size() == 1);
    CHECK(found.front().json == same.json);
    CHECK(f.resources.find("acme", "User", indexed_column::email, "alice@example.com").size() == 1);

    // A rename and a new e-mail with the previous values given: both indexes follow.
    auto renamed = user("u1", "alicia", 2);
    renamed.index.emails = {"alicia@example.com"};
    renamed.previous_index = same.index;
    REQUIRE(f.resources.update(renamed, version) == write_outcome::ok);
    CHECK(f.resources.find("acme", "User", indexed_column::user_name, "alice").empty());
    CHECK(f.resources.find("acme", "User", indexed_column::user_name, "alicia").size() == 1);
    CHECK(f.resources.find("acme", "User", indexed_column::email, "alice@example.com").empty());
    CHECK(f.resources.find("acme", "User", indexed_column::email, "alicia@example.com").size() == 1);

    // The version guard holds on the short path too.
    auto stale = user("u1", "alicia", 2);
    stale.previous_index = renamed.index;
    stale.index.emails = renamed.index.emails;
    CHECK(f.resources.update(stale, version) == write_outcome::conflict);
}
