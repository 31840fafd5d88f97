#include "store/sqlite/statement_cache.hpp"

#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

namespace store {

statement_cache::~statement_cache() {
    clear();
}

statement statement_cache::prepare(std::string_view sql) {
    auto found = entries_.find(sql);
    if (found == entries_.end()) {
        sqlite3_stmt* stmt = nullptr;
        // PERSISTENT: these live as long as the connection.
        if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK) {
            throw_sqlite_error(db_, "prepare \"" + std::string(sql) + "\"");
        }
        found = entries_.emplace(std::string(sql), entry{stmt, false}).first;
    }
    entry& e = found->second;
    if (e.in_use) {
        return statement(db_, sql);
    }
    e.in_use = true;
    return statement(e.stmt, &e.in_use);
}

void statement_cache::clear() {
    for (auto& [sql, e] : entries_) {
        sqlite3_finalize(e.stmt);
    }
    entries_.clear();
}

} // namespace store
