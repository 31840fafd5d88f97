#pragma once
// The SQLite engine behind every store interface: one database file in WAL
// mode, migrated to the newest schema on open.

#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_executor.hpp"
#include "store/store_set.hpp"

namespace store {

// Opens (creating if missing) the file and builds every interface on it.
// `executor.readers = 0` runs store work inline (command-line verbs).
// Throws std::runtime_error naming the file on failure (start-up only).
store_set open_sqlite_store(const database_options& options, sqlite_executor_options executor = {0, 1});

// The same over an already open database (tests that also inspect it).
store_set sqlite_store_on(std::shared_ptr<database> db, sqlite_executor_options executor = {0, 1});

} // namespace store
