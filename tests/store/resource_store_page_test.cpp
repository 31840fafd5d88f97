#include "store_fixture.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <catch2/catch.hpp>

using store::write_outcome;
using store_test::store_fixture;
using store_test::user;

namespace {

std::vector<std::string> page_ids(const store::resource_store& resources, std::int64_t offset, std::int64_t count) {
    std::vector<std::string> result;
    for (const auto& row : resources.page("acme", "User", offset, count)) {
        result.push_back(row.id);
    }
    return result;
}

using id_list = std::vector<std::string>;

} // namespace

TEST_CASE("page and count in creation order, with removes in the middle", "[store][page]") {
    store_fixture f;
    CHECK(f.resources.count("acme", "User") == 0);
    CHECK(page_ids(f.resources, 0, 10).empty());

    for (int i = 0; i < 10; ++i) {
        REQUIRE(f.resources.insert(user("u" + std::to_string(i), "name" + std::to_string(i))) == write_outcome::ok);
        // Rows of another target interleave in the rowid sequence.
        auto other = user("o" + std::to_string(i), "name" + std::to_string(i));
        other.key.target = "globex";
        REQUIRE(f.resources.insert(other) == write_outcome::ok);
    }
    CHECK(f.resources.count("acme", "User") == 10);
    CHECK(page_ids(f.resources, 0, 3) == id_list{"u0", "u1", "u2"});
    CHECK(page_ids(f.resources, 8, 5) == id_list{"u8", "u9"});
    CHECK(page_ids(f.resources, 10, 5).empty());
    CHECK(page_ids(f.resources, 0, 0).empty());

    // Remove after the index was loaded: later offsets shift down.
    REQUIRE(f.resources.remove({"acme", "User", "u1"}, 1) == write_outcome::ok);
    REQUIRE(f.resources.remove({"acme", "User", "u5"}, 1) == write_outcome::ok);
    CHECK(f.resources.count("acme", "User") == 8);
    CHECK(page_ids(f.resources, 0, 3) == id_list{"u0", "u2", "u3"});
    CHECK(page_ids(f.resources, 3, 3) == id_list{"u4", "u6", "u7"});
    CHECK(page_ids(f.resources, 6, 10) == id_list{"u8", "u9"});

    // Updates keep a row's place; inserts go to the end.
    std::int64_t version = 0;
    REQUIRE(f.resources.update(user("u0", "renamed", 1), version) == write_outcome::ok);
    REQUIRE(f.resources.insert(user("u10", "name10")) == write_outcome::ok);
    CHECK(page_ids(f.resources, 0, 1) == id_list{"u0"});
    CHECK(page_ids(f.resources, 7, 5) == id_list{"u9", "u10"});

    // Removing the newest row then inserting must not reuse its place.
    REQUIRE(f.resources.remove({"acme", "User", "u10"}, 1) == write_outcome::ok);
    REQUIRE(f.resources.insert(user("u11", "name11")) == write_outcome::ok);
    CHECK(page_ids(f.resources, 7, 5) == id_list{"u9", "u11"});
    CHECK(f.resources.count("acme", "User") == 9);

    // A second store on the same file loads its index from disk and agrees.
    store::sqlite_resource_store fresh(f.db);
    CHECK(page_ids(fresh, 0, 100) == page_ids(f.resources, 0, 100));
    CHECK(fresh.count("acme", "User") == 9);
}

TEST_CASE("for_each visits every row of a type in creation order", "[store][page]") {
    store_fixture f;
    for (int i = 0; i < 5; ++i) {
        REQUIRE(f.resources.insert(user("u" + std::to_string(i), "n" + std::to_string(i))) == write_outcome::ok);
    }
    REQUIRE(f.resources.remove({"acme", "User", "u2"}, 1) == write_outcome::ok);
    id_list seen;
    f.resources.for_each("acme", "User", [&](const store::resource_row& row) {
        // Reading again while iterating is allowed.
        CHECK(f.resources.get({"acme", "User", row.id}));
        seen.push_back(row.id);
    });
    CHECK(seen == id_list{"u0", "u1", "u3", "u4"});
}

TEST_CASE("page_after pages by position, unmoved by removes and inserts meanwhile", "[store][page]") {
    store_fixture f;
    for (int i = 0; i < 6; ++i) {
        REQUIRE(f.resources.insert(user("u" + std::to_string(i), "n" + std::to_string(i))) == write_outcome::ok);
        auto other = user("o" + std::to_string(i), "n" + std::to_string(i));
        other.key.target = "globex";
        REQUIRE(f.resources.insert(other) == write_outcome::ok);
    }
    auto ids_of = [](const std::vector<store::resource_row>& rows) {
        id_list ids;
        for (const auto& row : rows)
            ids.push_back(row.id);
        return ids;
    };
    const auto first = f.resources.page_after("acme", "User", 0, 2);
    REQUIRE(ids_of(first) == id_list{"u0", "u1"});
    CHECK(first[0].position < first[1].position);
    // Positions are the rows' own: the same from get() and find().
    CHECK(f.resources.get({"acme", "User", "u1"})->position == first[1].position);
    CHECK(f.resources.find("acme", "User", store::indexed_column::id, "u1").at(0).position == first[1].position);

    // Between two pages the row at the page's edge and one ahead are
    // removed, and a row is added: the next page neither repeats nor skips
    // a row that was there all along, and the new one comes last.
    REQUIRE(f.resources.remove({"acme", "User", "u1"}, 1) == write_outcome::ok);
    REQUIRE(f.resources.remove({"acme", "User", "u3"}, 1) == write_outcome::ok);
    REQUIRE(f.resources.insert(user("u6", "n6")) == write_outcome::ok);
    const auto second = f.resources.page_after("acme", "User", first.back().position, 2);
    CHECK(ids_of(second) == id_list{"u2", "u4"});
    const auto third = f.resources.page_after("acme", "User", second.back().position, 2);
    CHECK(ids_of(third) == id_list{"u5", "u6"});
    CHECK(f.resources.page_after("acme", "User", third.back().position, 2).empty());
    CHECK(f.resources.page_after("acme", "User", 0, 0).empty());
}
