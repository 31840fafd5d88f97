#pragma once
// The one exception the store throws for SQLite failures. It keeps the
// extended result code so that callers can tell a UNIQUE violation (a SCIM
// uniqueness error) from a real fault without parsing the message.

#include <stdexcept>
#include <string_view>

struct sqlite3;

namespace store {

class sqlite_error : public std::runtime_error {
public:
    sqlite_error(const std::string& message, int extended_code);
    int extended_code() const noexcept { return extended_code_; }

private:
    int extended_code_;
};

// Throws sqlite_error "<what>: <sqlite message> (<file path>)" using the
// connection's last error. The path comes from the connection itself so
// that every caller need not carry it.
[[noreturn]] void throw_sqlite_error(sqlite3* db, std::string_view what);

} // namespace store
