// The store's case-insensitive keys fold in full Unicode (scim/case_fold.hpp),
// and migration 6 refolds the keys files up to version 5 folded as ASCII.

#include "store_fixture.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_error.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <string>

using store::indexed_column;
using store::write_outcome;
using store_test::group;
using store_test::store_fixture;
using store_test::temp_dir;
using store_test::user;

namespace {

const std::string upper_name = "\xC3\x85SA@example.com";      // ÅSA@example.com
const std::string lower_name = "\xC3\xA5sa@example.com";      // åsa@example.com
const std::string decomposed_name = "A\xCC\x8AsA@example.com";  // A + combining ring, then sA

std::string ascii_folded(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// Rewrites a new file as the previous build left it: schema version 5 and
// the resources' keys folded the old way (ASCII letters only), from the
// spellings in their JSON. Email keys are the caller's to set.
void downgrade_to_version_5(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    sqlite3_create_function(
        raw, "ascii_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
        [](sqlite3_context* context, int, sqlite3_value** argv) {
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
                sqlite3_result_null(context);
                return;
            }
            const std::string folded =
                ascii_folded(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])));
            sqlite3_result_text(context, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
        },
        nullptr, nullptr);
    // The original spellings are in the JSON; the keys are rebuilt from it.
    const char* rewrite = R"sql(
        DROP INDEX resources_unique_name;
        UPDATE resources SET
            unique_name  = ascii_fold(coalesce(json_extract(json, '$.userName'), json_extract(json, '$.displayName'))),
            user_name    = ascii_fold(json_extract(json, '$.userName')),
            display_name = ascii_fold(json_extract(json, '$.displayName'));
        CREATE UNIQUE INDEX resources_unique_name ON resources (target, type, unique_name) WHERE unique_name IS NOT NULL;
        PRAGMA user_version = 5;
    )sql";
    char* error = nullptr;
    const int rc = sqlite3_exec(raw, rewrite, nullptr, nullptr, &error);
    INFO((error != nullptr ? error : ""));
    sqlite3_free(error);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
}

int user_version(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    const int version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
    return version;
}

} // namespace

TEST_CASE("userName uniqueness and look-ups fold Unicode case and spelling", "[store][unicode]") {
    store_fixture f;
    REQUIRE(f.resources.insert(user("u1", upper_name)) == write_outcome::ok);
    CHECK(f.resources.insert(user("u2", lower_name)) == write_outcome::duplicate);
    CHECK(f.resources.insert(user("u3", decomposed_name)) == write_outcome::duplicate);
    CHECK(f.resources.insert(user("u4", "asa@example.com")) == write_outcome::ok);  // a is not å

    const auto found = f.resources.find("acme", "User", indexed_column::user_name, lower_name);
    REQUIRE(found.size() == 1);
    CHECK(found[0].id == "u1");
    CHECK(found[0].json.find(upper_name) != std::string::npos);  // stored as written
    CHECK(f.resources.find("acme", "User", indexed_column::user_name, decomposed_name).size() == 1);

    auto team = group("g1", "\xC3\x96konomi");  // Ökonomi
    REQUIRE(f.resources.insert(team) == write_outcome::ok);
    CHECK(f.resources.find("acme", "Group", indexed_column::display_name, "O\xCC\x88KONOMI").size() == 1);
    CHECK(f.resources.insert(group("g2", "\xC3\xB6konomi")) == write_outcome::duplicate);

    auto mailer = user("u5", "mailer");
    mailer.index.emails = {"\xC3\x89MILE@example.com"};  // ÉMILE
    REQUIRE(f.resources.insert(mailer) == write_outcome::ok);
    CHECK(f.resources.find("acme", "User", indexed_column::email, "\xC3\xA9mile@EXAMPLE.com").size() == 1);
}

TEST_CASE("migration 6 refolds the keys a version 5 file folded as ASCII", "[store][database][unicode]") {
    temp_dir dir;
    const auto file = dir.path() / "v5.db";
    {
        auto db = store::database::open({file});
        store::sqlite_resource_store resources(db);
        auto asa = user("u1", upper_name);
        asa.index.emails = {"\xC3\x85SA@Example.com"};
        REQUIRE(resources.insert(asa) == write_outcome::ok);
        REQUIRE(resources.insert(user("u2", "plain@example.com")) == write_outcome::ok);
        auto team = group("g1", "\xC3\x96KONOMI");
        team.index.display_name = "\xC3\x96KONOMI";
        REQUIRE(resources.insert(team) == write_outcome::ok);
        db->close();
    }
    downgrade_to_version_5(file);
    {
        // Before the migration a version 5 key misses the Unicode look-up:
        // the old key still had the capital Å.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        const std::string old_email = "UPDATE resource_emails SET email = '" +
                                      ascii_folded("\xC3\x85SA@Example.com") + "' WHERE id = 'u1'";
        REQUIRE(sqlite3_exec(raw, old_email.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(raw, "SELECT unique_name FROM resources WHERE id = 'u1'", -1, &stmt, nullptr);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        CHECK(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) == ascii_folded(upper_name));
        sqlite3_finalize(stmt);
        sqlite3_close(raw);
    }

    auto db = store::database::open({file});
    CHECK(db->schema_version() >= 6);
    store::sqlite_resource_store resources(db);
    const auto by_name = resources.find("acme", "User", indexed_column::user_name, lower_name);
    REQUIRE(by_name.size() == 1);
    CHECK(by_name[0].id == "u1");
    CHECK(resources.find("acme", "User", indexed_column::email, "\xC3\xA5sa@example.COM").size() == 1);
    CHECK(resources.find("acme", "Group", indexed_column::display_name, "\xC3\xB6konomi").size() == 1);
    CHECK(resources.find("acme", "User", indexed_column::user_name, "PLAIN@example.com").size() == 1);
    // And uniqueness now holds against the refolded key.
    CHECK(resources.insert(user("u3", decomposed_name)) == write_outcome::duplicate);
}

TEST_CASE("migration 6 refuses two names that become one, naming both, and keeps the file", "[store][database][unicode]") {
    temp_dir dir;
    const auto file = dir.path() / "v5.db";
    {
        auto db = store::database::open({file});
        store::sqlite_resource_store resources(db);
        REQUIRE(resources.insert(user("u1", upper_name)) == write_outcome::ok);
        REQUIRE(resources.insert(user("u2", "other@example.com")) == write_outcome::ok);
        db->close();
    }
    {
        // Under ASCII folding ÅSA and åsa were two names: put the second in
        // as the previous build let it.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        const std::string insert = "INSERT INTO resources (target, type, id, version, json) VALUES ('acme', 'User', "
                                   "'u9', 1, '{\"id\":\"u9\",\"userName\":\"" + lower_name + "\"}')";
        REQUIRE(sqlite3_exec(raw, insert.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    downgrade_to_version_5(file);

    std::string message;
    try {
        store::database::open({file});
    } catch (const store::sqlite_error& e) {
        message = e.what();
        CHECK(e.extended_code() == SQLITE_CONSTRAINT_UNIQUE);
    }
    INFO(message);
    CHECK(message.find("migration 6") != std::string::npos);
    CHECK(message.find("u1") != std::string::npos);
    CHECK(message.find("u9") != std::string::npos);
    CHECK(message.find(upper_name) != std::string::npos);
    CHECK(message.find(lower_name) != std::string::npos);
    // Rolled back: still version 5, every row still there with its old key.
    CHECK(user_version(file) == 5);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw, "SELECT count(*) FROM resources WHERE unique_name IN (?1, ?2)", -1, &stmt, nullptr);
    const std::string old_upper = ascii_folded(upper_name);
    sqlite3_bind_text(stmt, 1, old_upper.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, lower_name.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK(sqlite3_column_int(stmt, 0) == 2);
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
}

TEST_CASE("after a migration that ran the WAL is checkpointed and empty, an up-to-date open leaves it alone",
          "[store][database][unicode]") {
    temp_dir dir;
    const auto file = dir.path() / "v5.db";
    const auto wal = std::filesystem::path(file.string() + "-wal");
    {
        auto db = store::database::open({file});
        store::sqlite_resource_store resources(db);
        db->write_transaction([&](sqlite3*) {
            for (int i = 0; i < 2000; ++i)
                REQUIRE(resources.insert(user("u" + std::to_string(i), upper_name + std::to_string(i))) ==
                        write_outcome::ok);
        });
        db->close();
    }
    downgrade_to_version_5(file);
    REQUIRE(user_version(file) == 5);
    {
        // Migration 6 rewrites the keys of all 2,000 rows: ASCII folding
        // had left the Å of each (and 7 follows).
        auto db = store::database::open({file});
        CHECK(db->schema_version() == store::migrations().back().version);
        // Still open, so the WAL file is there: copied back and emptied.
        REQUIRE(std::filesystem::exists(wal));
        CHECK(std::filesystem::file_size(wal) == 0);
        store::sqlite_resource_store resources(db);
        CHECK(resources.count("acme", "User") == 2000);
        CHECK(resources.find("acme", "User", indexed_column::user_name, lower_name + "1999").size() == 1);
        db->close();
    }

    // Nothing to migrate: no checkpoint at open. Another connection's
    // commits stay in the WAL as it left them.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA wal_autocheckpoint=0; UPDATE resources SET version = version + 1",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto pending = std::filesystem::file_size(wal);
    REQUIRE(pending > 0);
    {
        auto db = store::database::open({file});
        CHECK(std::filesystem::file_size(wal) == pending);
        db->close();
    }
    sqlite3_close(raw);
}
