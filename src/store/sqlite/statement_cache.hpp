#pragma once
// Prepared statements of one connection, keyed by their SQL text, so that
// the request path parses each query once per connection rather than once
// per call.

#include "store/sqlite/statement.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace store {

class statement_cache {
public:
    explicit statement_cache(sqlite3* db) : db_(db) {}
    statement_cache(const statement_cache&) = delete;
    statement_cache& operator=(const statement_cache&) = delete;
    ~statement_cache();

    // A ready statement for `sql`. If the cached one is already in use on
    // this connection (a caller iterating while it queries again), a private
    // statement is prepared instead of disturbing the one in use.
    statement prepare(std::string_view sql);

    // Finalizes everything; required before sqlite3_close.
    void clear();

private:
    struct entry {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    // Transparent, so a look-up by string_view allocates nothing.
    struct sql_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
    };
    sqlite3* db_;
    // Node-based: entry addresses stay valid while borrowed.
    std::unordered_map<std::string, entry, sql_hash, std::equal_to<>> entries_;
};

} // namespace store
