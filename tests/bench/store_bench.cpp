// Store throughput on a real file: inserts (one transaction each, as the
// bridge writes), userName look-ups, and pages at random offsets. Prints
// numbers; asserts nothing. Usage: store_bench [rows] [directory]

#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

namespace {

using clock_type = std::chrono::steady_clock;

// Wall time and this process's CPU time: on a shared, loaded machine the
// CPU figure is the steadier of the two.
struct stopwatch {
    clock_type::time_point wall = clock_type::now();
    std::clock_t cpu = std::clock();
};

void report(const char* what, std::int64_t operations, const stopwatch& start) {
    const double wall = std::chrono::duration<double>(clock_type::now() - start.wall).count();
    const double cpu = static_cast<double>(std::clock() - start.cpu) / CLOCKS_PER_SEC;
    const auto n = static_cast<double>(operations);
    std::printf("%-34s %7lld ops  wall %7.3f s = %9.0f ops/s (%7.2f us/op)  cpu %7.2f us/op\n", what,
                static_cast<long long>(operations), wall, n / wall, wall * 1e6 / n, cpu * 1e6 / n);
}

store::resource_write make_user(std::int64_t i) {
    const std::string id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + i);
    const std::string name = "User" + std::to_string(i) + "@Example.com";
    store::resource_write write;
    write.key = {"acme", "User", id};
    write.json = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":")" + id +
                 R"(","userName":")" + name + R"(","name":{"givenName":"Given","familyName":"Family"},)"
                 R"("emails":[{"value":")" + name + R"(","type":"work","primary":true}],"active":true})";
    write.index.unique_name = name;
    write.index.user_name = name;
    write.index.external_id = "ext-" + std::to_string(i);
    write.index.display_name = "Given Family " + std::to_string(i);
    write.index.emails = {name};
    return write;
}

} // namespace

int main(int argc, char** argv) {
    const std::int64_t rows = argc > 1 ? std::atoll(argv[1]) : 100000;
    const std::filesystem::path dir = argc > 2 ? std::filesystem::path(argv[2])
                                               : std::filesystem::temp_directory_path() /
                                                     ("store_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "bench.db";
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");

    auto db = store::database::open({file});
    store::sqlite_resource_store resources(db);
    std::mt19937_64 random(42);

    stopwatch start;
    for (std::int64_t i = 0; i < rows; ++i) {
        if (resources.insert(make_user(i)) != store::write_outcome::ok) {
            std::fprintf(stderr, "insert %lld failed\n", static_cast<long long>(i));
            return 1;
        }
    }
    report("insert (1 transaction each)", rows, start);

    const std::int64_t lookups = 100000;
    std::uniform_int_distribution<std::int64_t> any_row(0, rows - 1);
    start = stopwatch{};
    std::int64_t found = 0;
    for (std::int64_t i = 0; i < lookups; ++i) {
        found += static_cast<std::int64_t>(
            resources.find("acme", "User", store::indexed_column::user_name, "user" + std::to_string(any_row(random)) +
                                                                                 "@EXAMPLE.com")
                .size());
    }
    report("find by userName (case-folded)", lookups, start);
    if (found != lookups) {
        std::fprintf(stderr, "found %lld of %lld\n", static_cast<long long>(found), static_cast<long long>(lookups));
        return 1;
    }

    start = stopwatch{};
    found = 0;
    for (std::int64_t i = 0; i < lookups; ++i) {
        found += static_cast<std::int64_t>(
            resources.find("acme", "User", store::indexed_column::email, "USER" + std::to_string(any_row(random)) +
                                                                             "@example.com")
                .size());
    }
    report("find by email (case-folded)", lookups, start);
    if (found != lookups) {
        std::fprintf(stderr, "email: found %lld of %lld\n", static_cast<long long>(found),
                     static_cast<long long>(lookups));
        return 1;
    }

    const std::int64_t page_size = 100;
    std::uniform_int_distribution<std::int64_t> any_offset(0, rows - page_size);
    resources.page("acme", "User", 0, 1);  // first use loads the ordinal index
    const std::int64_t pages = 5000;
    start = stopwatch{};
    for (std::int64_t i = 0; i < pages; ++i) {
        if (static_cast<std::int64_t>(resources.page("acme", "User", any_offset(random), page_size).size()) !=
            page_size) {
            std::fprintf(stderr, "short page\n");
            return 1;
        }
    }
    report("page of 100 at random offsets", pages, start);

    for (const std::int64_t offset : {std::int64_t{0}, rows - page_size}) {
        start = stopwatch{};
        for (std::int64_t i = 0; i < 1000; ++i) {
            resources.page("acme", "User", offset, page_size);
        }
        const std::string label = "page of 100 at offset " + std::to_string(offset);
        report(label.c_str(), 1000, start);
    }

    start = stopwatch{};
    for (std::int64_t i = 0; i < lookups; ++i) {
        resources.count("acme", "User");
    }
    report("count", lookups, start);

    db->close();
    std::printf("file: %s (%.1f MB)\n", file.c_str(), static_cast<double>(std::filesystem::file_size(file)) / 1e6);
    if (argc <= 2) {
        std::filesystem::remove_all(dir);
    }
    return 0;
}
