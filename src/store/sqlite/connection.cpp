#include "store/sqlite/connection.hpp"

#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace store {

namespace {

sqlite3* open_file(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    // NOMUTEX: each connection is confined to one thread, so SQLite's own
    // per-connection mutex would be pure overhead.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string message = "open: ";
        message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        message += " (" + path.string() + ")";
        const int code = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
        sqlite3_close_v2(db);
        throw sqlite_error(message, code);
    }
    return db;
}

} // namespace

connection::connection(const std::filesystem::path& path, int busy_timeout_ms)
    : db_(open_file(path)), cache_(db_) {
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        // WAL is a property of the file (persistent), the others are per connection.
        statement wal(db_, "PRAGMA journal_mode=WAL");
        if (!wal.step() || wal.column_text(0) != "wal") {
            throw sqlite_error("cannot enable WAL mode (" + path.string() + ")", SQLITE_ERROR);
        }
        // NORMAL in WAL mode: a commit survives an application crash; only a
        // power loss may roll back the last transactions, never corrupt.
        exec("PRAGMA synchronous=NORMAL");
        exec("PRAGMA foreign_keys=ON");
        // 4 MiB of page cache per connection (SQLite's default is 2): the
        // index pages of a million users stay in memory, while the process
        // stays small with a connection per store thread.
        exec("PRAGMA cache_size=-4096");
        // Checkpoint every 4,000 WAL pages (16 MiB) instead of 1,000: a page
        // rewritten by many commits is copied back and synced once.
        exec("PRAGMA wal_autocheckpoint=4000");
    } catch (...) {
        cache_.clear();
        sqlite3_close_v2(db_);
        throw;
    }
}

connection::~connection() {
    cache_.clear();
    sqlite3_close_v2(db_);
}

void connection::track_wal_size() {
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int pages) {
            static_cast<connection*>(self)->wal_pages_ = pages;
            return SQLITE_OK;
        },
        this);
}

void connection::exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite_error(db_, std::string("exec \"") + sql + "\"");
    }
}

} // namespace store
