#pragma once
// The store holds personal data (names, e-mail addresses, the state of every
// account): its files are the owner's alone. SQLite creates the WAL and
// shared-memory files with the database file's permissions, so the
// database file is created 0600 before SQLite opens it, and files left
// readable by others (by an older build, or a copy) are tightened.

#include <filesystem>

namespace store {

// Creates `database` (mode 0600) if it does not exist, and removes the group
// and other permissions of it and its -wal and -shm files if they do.
// Throws std::filesystem::filesystem_error when it cannot.
void make_store_files_private(const std::filesystem::path& database);

} // namespace store
