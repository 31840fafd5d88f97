#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace store {

sqlite_error::sqlite_error(const std::string& message, int extended_code)
    : std::runtime_error(message), extended_code_(extended_code) {}

void throw_sqlite_error(sqlite3* db, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    message += " (";
    message += file != nullptr ? file : "?";
    message += ")";
    throw sqlite_error(message, db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_NOMEM);
}

} // namespace store
