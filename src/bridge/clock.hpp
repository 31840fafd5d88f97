#pragma once
// Timestamps and identifiers the bridge hands out.

#include <string>

namespace bridge {

// Now, as an RFC 3339 UTC timestamp with milliseconds ("2026-11-25T18:00:00.123Z").
std::string now_rfc3339();

// A time-ordered (version 7) UUID: the SCIM ids the bridge owns.
std::string new_uuid();

} // namespace bridge
