#pragma once
// The schema's history: an ordered list of steps, each run once, tracked
// with PRAGMA user_version (kept in the file header, so no table is needed
// and it changes atomically with the step's DDL).

#include <span>

namespace store {

class connection;

struct migration {
    int version;              // 1, 2, 3 ... in order, no gaps
    const char* description;  // for error messages
    const char* sql;          // one or more statements
    // Work SQL cannot do (folding with ICU), run after `sql` in the same
    // transaction; nullptr for most steps.
    void (*code)(connection&) = nullptr;
};

// Every step, oldest first. Later features append here; never edit a step
// that has shipped, add a new one.
std::span<const migration> migrations();

struct migration_result {
    int version = 0;         // the file's version now
    int steps_applied = 0;   // 0 when the file was up to date
};

// Brings the file to the newest version inside one BEGIN IMMEDIATE
// transaction, so that two processes opening a new file at once do not both
// migrate. Throws if the file is newer than this build knows.
migration_result migrate(connection& conn);

} // namespace store
