#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_error.hpp"
#include "store_fixture.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

using store_test::temp_dir;

namespace {

std::string pragma_text(const store::database& db, const char* pragma) {
    store::statement stmt = db.prepare(pragma);
    REQUIRE(stmt.step());
    return stmt.column_text(0);
}

} // namespace

TEST_CASE("database opens in WAL mode with the connection settings", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db", 1234});
    CHECK(pragma_text(*db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma_text(*db, "PRAGMA synchronous") == "1");  // NORMAL
    CHECK(pragma_text(*db, "PRAGMA foreign_keys") == "1");
    CHECK(pragma_text(*db, "PRAGMA busy_timeout") == "1234");
    CHECK(db->schema_version() == store::migrations().back().version);
    CHECK(pragma_text(*db, "PRAGMA user_version") == std::to_string(db->schema_version()));
}

TEST_CASE("every migration version follows the previous one", "[store][database]") {
    int expected = 1;
    for (const auto& step : store::migrations()) {
        CHECK(step.version == expected++);
    }
}

TEST_CASE("each thread gets its own connection, settings included", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db"});
    sqlite3* mine = db->connection();
    CHECK(db->connection() == mine);
    sqlite3* theirs = nullptr;
    std::string their_fk;
    std::thread other([&] {
        theirs = db->connection();
        their_fk = pragma_text(*db, "PRAGMA foreign_keys");
    });
    other.join();
    CHECK(theirs != mine);
    CHECK(their_fk == "1");
}

TEST_CASE("reopening keeps data and does not rerun migrations", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "a.db";
    {
        auto db = store::database::open({file});
        store::sqlite_resource_store resources(db);
        REQUIRE(resources.insert(store_test::user("u1", "alice")) == store::write_outcome::ok);
        db->close();
    }
    auto db = store::database::open({file});
    CHECK(db->schema_version() == store::migrations().back().version);
    store::sqlite_resource_store resources(db);
    auto row = resources.get({"acme", "User", "u1"});
    REQUIRE(row);
    CHECK(row->version == 1);
    CHECK(resources.count("acme", "User") == 1);
    // A third open of the same file beside a live one is also harmless.
    auto again = store::database::open({file});
    CHECK(again->schema_version() == db->schema_version());
}

TEST_CASE("a file from a newer build is refused with its path in the message", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "future.db";
    store::database::open({file})->close();
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        REQUIRE(sqlite3_exec(raw, "PRAGMA user_version=999", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    try {
        store::database::open({file});
        FAIL("expected an error");
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        CHECK(message.find("999") != std::string::npos);
        CHECK(message.find(file.string()) != std::string::npos);
    }
}

TEST_CASE("an unopenable path throws naming the file", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "missing_dir" / "a.db";
    try {
        store::database::open({file});
        FAIL("expected an error");
    } catch (const std::runtime_error& error) {
        CHECK(std::string(error.what()).find(file.string()) != std::string::npos);
    }
}

TEST_CASE("SQL errors carry the sqlite message, the file and the extended code", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db"});
    try {
        db->prepare("SELECT * FROM no_such_table");
        FAIL("expected an error");
    } catch (const store::sqlite_error& error) {
        const std::string message = error.what();
        CHECK(message.find("no such table") != std::string::npos);
        CHECK(message.find((dir.path() / "a.db").string()) != std::string::npos);
        CHECK(error.extended_code() == SQLITE_ERROR);
    }
}

TEST_CASE("write_transaction commits, or rolls back everything when work throws", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db"});
    auto audit_rows = [&] {
        store::statement stmt = db->prepare("SELECT count(*) FROM audit");
        stmt.step();
        return stmt.column_int(0);
    };
    const char* insert_audit =
        "INSERT INTO audit (at, target, request_id, method, path, status, latency_ms) "
        "VALUES ('t', 'acme', 'r', 'GET', '/Users', 200, 1)";
    db->write_transaction([&](sqlite3*) { db->prepare(insert_audit).run(); });
    CHECK(audit_rows() == 1);
    CHECK_THROWS_AS(db->write_transaction([&](sqlite3*) {
        db->prepare(insert_audit).run();
        throw std::logic_error("fail after a write");
    }),
                    std::logic_error);
    CHECK(audit_rows() == 1);
    // The connection is usable afterwards: no transaction was left open.
    CHECK(sqlite3_get_autocommit(db->connection()) != 0);
}

TEST_CASE("a nested write_transaction joins the outer one: both commit or neither", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db"});
    auto audit_rows = [&] {
        store::statement stmt = db->prepare("SELECT count(*) FROM audit");
        stmt.step();
        return stmt.column_int(0);
    };
    const char* insert_audit =
        "INSERT INTO audit (at, target, request_id, method, path, status, latency_ms) "
        "VALUES ('t', 'acme', 'r', 'GET', '/Users', 200, 1)";
    db->write_transaction([&](sqlite3*) {
        db->prepare(insert_audit).run();
        db->write_transaction([&](sqlite3*) { db->prepare(insert_audit).run(); });
    });
    CHECK(audit_rows() == 2);

    // The inner work throws after both inserts: the outer's row goes too.
    CHECK_THROWS_AS(db->write_transaction([&](sqlite3*) {
        db->prepare(insert_audit).run();
        db->write_transaction([&](sqlite3*) {
            db->prepare(insert_audit).run();
            throw std::runtime_error("inner failure");
        });
    }),
                    std::runtime_error);
    CHECK(audit_rows() == 2);
    CHECK(sqlite3_get_autocommit(db->connection()) != 0);

    // Inside a read transaction a write would wait for itself: refused.
    db->prepare("BEGIN").run();
    db->prepare("SELECT count(*) FROM audit").step();
    CHECK_THROWS_AS(db->write_transaction([](sqlite3*) {}), std::logic_error);
    db->prepare("ROLLBACK").run();
    db->write_transaction([](sqlite3*) {});
}

TEST_CASE("a cached statement in use is not handed out twice", "[store][database]") {
    temp_dir dir;
    auto db = store::database::open({dir.path() / "a.db"});
    const char* sql = "SELECT value FROM json_each('[1,2,3]')";
    store::statement outer = db->prepare(sql);
    std::int64_t sum = 0;
    while (outer.step()) {
        store::statement inner = db->prepare(sql);  // same SQL while outer iterates
        while (inner.step()) {
            sum += inner.column_int(0) * outer.column_int(0);
        }
    }
    CHECK(sum == 36);
}

TEST_CASE("close checkpoints the WAL and later use throws", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "a.db";
    auto db = store::database::open({file});
    store::sqlite_resource_store resources(db);
    REQUIRE(resources.insert(store_test::user("u1", "alice")) == store::write_outcome::ok);
    std::thread([&] { CHECK(resources.count("acme", "User") == 1); }).join();
    db->close();
    const auto wal = std::filesystem::path(file.string() + "-wal");
    CHECK((!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0));
    CHECK_THROWS_AS(db->connection(), std::runtime_error);
    db->close();  // twice is harmless
}

TEST_CASE("the store's files are the owner's alone, whatever the umask", "[store][database]") {
    namespace fs = std::filesystem;
    temp_dir dir;
    const auto mode_of = [](const fs::path& file) { return fs::status(file).permissions() & fs::perms::all; };
    const auto private_mode = fs::perms::owner_read | fs::perms::owner_write;
    const auto old_umask = ::umask(0);  // would create 0644 files (SQLite's default) if nothing chose
    {
        auto db = store::database::open({dir.path() / "new.db"});
        store::sqlite_resource_store resources(db);
        resources.insert({{"t", "User", "1"}, 0, "{}", {}, {}, {}});  // the WAL and SHM exist now
        CHECK(mode_of(dir.path() / "new.db") == private_mode);
        CHECK(mode_of(dir.path() / "new.db-wal") == private_mode);
        CHECK(mode_of(dir.path() / "new.db-shm") == private_mode);
    }
    // A file left readable by others (an older build, a copy) is tightened.
    std::ofstream(dir.path() / "old.db").close();
    fs::permissions(dir.path() / "old.db", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                               fs::perms::others_read);
    store::database::open({dir.path() / "old.db"});
    CHECK(mode_of(dir.path() / "old.db") == private_mode);
    ::umask(old_umask);
}

namespace {

// A closed store file holding `write`.
void store_file_with(const std::filesystem::path& file, const store::resource_write& write) {
    auto db = store::database::open({file});
    store::sqlite_resource_store resources(db);
    REQUIRE(resources.insert(write) == store::write_outcome::ok);
    db->close();
}

// Runs `sql` on a closed store file: how a file of an older version looks.
void rewrite_file(const std::filesystem::path& file, const char* sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
}

} // namespace

TEST_CASE("migration 9 makes a group's members rows and takes them out of its text", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "v8.db";
    store_file_with(file, store_test::group("g1", "Sales"));
    // Back to version 8: the members in the group's text (one named twice,
    // in two cases), the member rows ids only, one of them stale.
    rewrite_file(file, "ALTER TABLE group_members DROP COLUMN member_json;"
                       "UPDATE resources SET json = '{\"id\":\"g1\",\"displayName\":\"Sales\",\"members\":"
                       "[{\"value\":\"U1\",\"display\":\"Al\"},{\"value\":\"u2\"},{\"value\":\"u1\"}]}';"
                       "INSERT INTO group_members VALUES ('acme', 'Group', 'g1', 'stale');"
                       "PRAGMA user_version = 8");
    auto db = store::database::open({file});
    CHECK(db->schema_version() == store::migrations().back().version);
    store::sqlite_resource_store resources(db);
    CHECK(resources.get_without_members({"acme", "Group", "g1"})->json == R"({"id":"g1","displayName":"Sales"})");
    CHECK(resources.get({"acme", "Group", "g1"})->json ==
          R"({"id":"g1","displayName":"Sales","members":[{"value":"U1","display":"Al"},{"value":"u2"}]})");
    CHECK(resources.groups_of_member("acme", "stale").empty());
    CHECK(resources.groups_of_member("acme", "u1").size() == 1);
}

TEST_CASE("migration 5 names the groups stored before it from their text", "[store][database]") {
    temp_dir dir;
    const auto file = dir.path() / "v4.db";
    // As a file before version 9 holds a group: its members in its text
    // (migration 9 makes them rows).
    store::resource_write sales{
        {"acme", "Group", "g1"}, 0, R"({"id":"g1","displayName":"Sales Team","members":[{"value":"u1"}]})", {}, {}, {}};
    sales.index.display_name = "Sales Team";
    store_file_with(file, sales);
    // Back to version 4, as a file from the previous build has it.
    rewrite_file(file, "ALTER TABLE resources DROP COLUMN display_text; PRAGMA user_version=4");
    auto db = store::database::open({file});
    CHECK(db->schema_version() == store::migrations().back().version);
    store::sqlite_resource_store resources(db);
    const auto groups = resources.groups_of_member("acme", "u1");
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].display_name == std::optional<std::string>("Sales Team"));
}
