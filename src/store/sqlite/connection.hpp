#pragma once
// One open SQLite connection with the settings every connection of the
// bridge needs, and its statement cache. Used by one thread at a time.

#include "store/sqlite/statement_cache.hpp"

#include <filesystem>

struct sqlite3;

namespace store {

class connection {
public:
    // Opens (creating if missing) and applies WAL, synchronous=NORMAL,
    // foreign_keys and busy_timeout. Throws sqlite_error naming the file.
    connection(const std::filesystem::path& path, int busy_timeout_ms);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    sqlite3* handle() const noexcept { return db_; }
    statement prepare(std::string_view sql) { return cache_.prepare(sql); }
    // For statements without parameters or results (DDL, pragmas).
    void exec(const char* sql);
    // The same for the transaction control of every request (BEGIN, COMMIT,
    // SAVEPOINT, RELEASE): prepared once per connection, as sqlite3_exec
    // would parse the text again on every call.
    void run_cached(std::string_view sql) { prepare(sql).run(); }

    // Records the WAL's size (in pages) after each commit of this connection.
    void track_wal_size();
    int wal_pages() const noexcept { return wal_pages_; }

private:
    sqlite3* db_ = nullptr;
    statement_cache cache_;
    int wal_pages_ = 0;
};

} // namespace store
