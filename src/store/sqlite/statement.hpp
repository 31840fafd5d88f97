#pragma once
// RAII wrapper over one prepared statement. A statement either owns its
// sqlite3_stmt (finalized on destruction) or borrows one from a
// connection's statement cache (reset and handed back on destruction), so
// callers write the same code either way and never leak a read transaction
// by forgetting to reset.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace store {

class statement {
public:
    // Prepares `sql` on `db` and owns the result.
    statement(sqlite3* db, std::string_view sql);
    // Borrows a cached statement; `in_use` is cleared when this is destroyed.
    statement(sqlite3_stmt* cached, bool* in_use);

    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement();

    // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT)
    // so the caller's string may die before step().
    statement& bind(int index, std::string_view text);
    statement& bind(int index, std::int64_t value);
    statement& bind_null(int index);
    // Binds NULL when the optional is empty.
    statement& bind(int index, const std::optional<std::string>& text);

    // Advances; true when a row is available, false when done.
    bool step();
    // Steps to completion, for statements that return no rows.
    void run();
    // Back to before the first step, bindings kept: for running one
    // statement many times with one parameter rebound each time.
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    // The text without a copy, valid until the next step, reset or column call.
    std::string_view column_text_view(int index) const;
    bool column_is_null(int index) const;

    sqlite3_stmt* handle() const noexcept { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
    bool* in_use_ = nullptr;  // non-null when borrowed from a cache
};

} // namespace store
