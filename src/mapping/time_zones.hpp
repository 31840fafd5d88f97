#pragma once
// Time-zone forms: IANA names (`Europe/London`, what SCIM's timezone
// carries) and UTC offsets in the `UTC+3` style some vendors want. The
// conversion uses each zone's standard (non-daylight) offset: vendors that
// store an offset store one number per user, not a rule set.

#include <optional>
#include <string>
#include <string_view>

namespace mapping {

// Standard offset east of UTC in minutes; case-insensitive name. nullopt
// for a name not in the table (zone.tab / zone1970.tab zones plus UTC).
std::optional<int> standard_offset_minutes(std::string_view iana_name);

// "UTC+3", "UTC-3:30", "UTC+5:45", "UTC+0".
std::string format_utc_offset(int minutes);

// Accepts "UTC+3", "UTC+03:00", "UTC+0530", "GMT-2", "+03:00", "UTC", "Z".
std::optional<int> parse_utc_offset(std::string_view text);

// An IANA zone with the given standard offset: `Etc/GMT-3` for whole hours
// (exact, sign inverted as POSIX wants), else the first zone of the table
// with that offset (`Asia/Kolkata` for +5:30). nullopt when no zone has it.
std::optional<std::string> zone_for_offset(int minutes);

// Canonical spelling of a zone name given in any case, or nullopt.
std::optional<std::string> canonical_zone_name(std::string_view iana_name);

struct time_zone_entry {
    const char* name;
    int standard_offset_minutes;
};
struct time_zone_table {
    const time_zone_entry* begin;
    const time_zone_entry* end;
};
time_zone_table all_time_zones();

} // namespace mapping
