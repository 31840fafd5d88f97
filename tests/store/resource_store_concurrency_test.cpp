#include "store_fixture.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>

using store::write_outcome;
using store_test::store_fixture;
using store_test::user;

namespace {

// The counter lives in the JSON, as a caller's state would: a lost update
// shows up as a counter below the number of successful writes.
std::int64_t counter_of(const std::string& json) {
    const auto at = json.find("\"n\":");
    return std::stoll(json.substr(at + 4));
}

store::resource_write counter_write(const std::string& id, std::int64_t n, std::int64_t expected) {
    auto write = user(id, id, expected);
    write.json = "{\"n\":" + std::to_string(n) + "}";
    return write;
}

} // namespace

TEST_CASE("four writers on one row lose no update", "[store][concurrency]") {
    store_fixture f;
    REQUIRE(f.resources.insert(counter_write("hot", 0, 0)) == write_outcome::ok);
    constexpr int threads = 4;
    constexpr int per_thread = 100;
    std::atomic<int> conflicts{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&] {
            for (int done = 0; done < per_thread;) {
                auto row = f.resources.get({"acme", "User", "hot"});
                if (!row) {
                    ++failures;
                    return;
                }
                std::int64_t version = 0;
                const auto outcome =
                    f.resources.update(counter_write("hot", counter_of(row->json) + 1, row->version), version);
                if (outcome == write_outcome::ok) {
                    if (version != row->version + 1) {
                        ++failures;
                    }
                    ++done;
                } else {
                    ++conflicts;
                }
            }
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }
    CHECK(failures == 0);
    const auto row = f.resources.get({"acme", "User", "hot"});
    REQUIRE(row);
    CHECK(counter_of(row->json) == threads * per_thread);
    CHECK(row->version == 1 + threads * per_thread);
    INFO("conflicts retried: " << conflicts.load());
}

TEST_CASE("four threads inserting and removing keep count, page and index consistent", "[store][concurrency]") {
    store_fixture f;
    constexpr int threads = 4;
    constexpr int per_thread = 200;
    std::vector<std::thread> workers;
    // Load the ordinal index first so that the concurrent writes must update it.
    CHECK(f.resources.page("acme", "User", 0, 1).empty());
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const std::string id = "t" + std::to_string(t) + "_" + std::to_string(i);
                if (f.resources.insert(user(id, id)) != write_outcome::ok) {
                    FAIL_CHECK("insert failed " << id);
                }
                // Every third row goes again: removes interleave with inserts.
                if (i % 3 == 0 && f.resources.remove({"acme", "User", id}, 1) != write_outcome::ok) {
                    FAIL_CHECK("remove failed " << id);
                }
                // A reader on the same threads: pages must never fail.
                f.resources.page("acme", "User", i, 10);
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    const std::int64_t expected = threads * (per_thread - (per_thread + 2) / 3);
    CHECK(f.resources.count("acme", "User") == expected);
    const auto all = f.resources.page("acme", "User", 0, 10000);
    CHECK(static_cast<std::int64_t>(all.size()) == expected);
    std::int64_t visited = 0;
    f.resources.for_each("acme", "User", [&](const store::resource_row&) { ++visited; });
    CHECK(visited == expected);
    // Same order as a fresh load from disk.
    store::sqlite_resource_store fresh(f.db);
    const auto reloaded = fresh.page("acme", "User", 0, 10000);
    REQUIRE(reloaded.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(reloaded[i].id == all[i].id);
    }
}
