#pragma once
// Times the store keeps (due times, created/updated) as SQLite computes
// them, so that every comparison stays in SQL on one clock and one text
// format (RFC 3339, UTC, milliseconds).

#include <string>

namespace store {

inline constexpr const char* now_sql = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

// `now + ms` as an SQL expression.
inline std::string now_plus_sql(long long ms)
{
    return std::string("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+") + std::to_string(ms / 1000) + "." +
           std::to_string(1000 + ms % 1000).substr(1) + " seconds')";
}

// Milliseconds from now until the time in `column` (negative: past), as an
// SQL expression.
inline std::string ms_until_sql(const std::string& column)
{
    return "CAST(ROUND((julianday(" + column + ") - julianday('now')) * 86400000.0) AS INTEGER)";
}

} // namespace store
