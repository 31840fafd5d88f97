#pragma once
// Time-zone forms: IANA names (`Europe/London`, what SCIM's timezone
// carries) and UTC offsets in the `UTC+3` style some vendors want.
//
// The zones and their rules are the system's tzdata (/usr/share/zoneinfo,
// Debian's `tzdata` package, which stable updates keep current), read through
// H. Hinnant's date/tz library (`libhowardhinnant-date-dev`), not a table
// of ours. The conversion uses each zone's standard (non-daylight) offset as
// its rules have it today: vendors that store an offset store one number
// per user, not a rule set, and a number that followed daylight saving
// would make every such user differ from the vendor twice a year.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

// Standard offset east of UTC in minutes; case-insensitive name. nullopt
// for a name the system's tzdata does not have.
std::optional<int> standard_offset_minutes(std::string_view iana_name);

// "UTC+3", "UTC-3:30", "UTC+5:45", "UTC+0".
std::string format_utc_offset(int minutes);

// Accepts "UTC+3", "UTC+03:00", "UTC+0530", "GMT-2", "+03:00", "UTC", "Z".
std::optional<int> parse_utc_offset(std::string_view text);

// An IANA zone with the given standard offset: `Etc/GMT-3` for whole hours
// (exact, sign inverted as POSIX wants), else the zone most people on that
// offset live in (`Asia/Kolkata` for +5:30), else the first zone in
// alphabetical order with it. nullopt when no zone has it.
std::optional<std::string> zone_for_offset(int minutes);

// Canonical spelling of a zone name given in any case, or nullopt.
std::optional<std::string> canonical_zone_name(std::string_view iana_name);

struct time_zone_entry {
    std::string name;
    int standard_offset_minutes;
};

// Every zone of the system's tzdata (links such as `Asia/Calcutta`
// included), sorted by name; read once.
const std::vector<time_zone_entry>& all_time_zones();

} // namespace mapping
