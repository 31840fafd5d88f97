#pragma once
// One SQLite database file in WAL mode, its schema migrations, and one
// connection per thread (SQLite connections must not be shared across
// threads that use them at once; WAL lets readers proceed beside the writer).

#include "store/sqlite/statement.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

struct sqlite3;

namespace store {

struct database_options {
    std::filesystem::path path;
    int busy_timeout_ms = 5000;
};

class database {
public:
    // Opens (creating if missing) and migrates to the newest schema version.
    // Throws std::runtime_error naming the file on failure.
    static std::shared_ptr<database> open(const database_options& options);
    ~database();

    // This thread's connection (opened on first use).
    sqlite3* connection() const;

    // A prepared statement for `sql` from this thread's connection's cache.
    statement prepare(std::string_view sql) const;

    // Runs `work` inside BEGIN IMMEDIATE ... COMMIT on this thread's
    // connection; rolls back if it throws, then rethrows. Called again from
    // inside `work`, it runs as a savepoint of the running transaction
    // (rolled back alone if it throws, committed with the outer one). Writers of this
    // process queue on a mutex rather than in SQLite's sleeping busy handler;
    // busy_timeout still covers other processes sharing the file.
    void write_transaction(const std::function<void(sqlite3*)>& work) const;

    // Runs `work` inside one read transaction (one snapshot, one set of
    // file locks) on this thread's connection. Writing inside it throws.
    void read_transaction(const std::function<void()>& work) const;

    // For the store executor's writer: this thread's connection stops
    // checkpointing after its commits (the checkpointer does it instead),
    // and reports the WAL's size after each commit.
    void take_over_checkpoints() const;
    int wal_pages() const;  // after this thread's last commit
    // A PASSIVE checkpoint on this thread's connection; failures are ignored
    // (the next one retries, and close() checkpoints fully).
    void checkpoint_passive() const;

    int schema_version() const;
    const std::filesystem::path& path() const;

    // Closes every connection (after a checkpoint); used at shutdown, when
    // no other thread uses the database any more. Later use throws.
    void close();

private:
    struct impl;
    explicit database(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

} // namespace store
