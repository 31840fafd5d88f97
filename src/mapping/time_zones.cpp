#include "mapping/time_zones.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>

#include <date/tz.h>

namespace mapping {

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// The standard offset as a zone's rules have it now: the offset of the
// longest period without daylight saving over the coming year. Most zones
// have one such period; a zone that now keeps one offset all year has one
// period. Zones whose rules call the winter offset the saving one (Dublin,
// where Irish Standard Time is the summer time) get their legal standard
// time, as IANA has it; where no period of the year is standard, the
// smallest offset.
int standard_offset_of(const date::time_zone& zone)
{
    using namespace std::chrono;
    const auto now = floor<seconds>(system_clock::now());
    const auto horizon = now + hours(24 * 366);
    std::optional<int> standard;
    seconds longest{-1};
    int smallest = 0;
    bool first = true;
    for (auto at = now; at < horizon;) {
        const date::sys_info info = zone.get_info(at);
        const auto end = std::min(info.end, horizon);
        const int offset = static_cast<int>(duration_cast<minutes>(info.offset).count());
        smallest = first ? offset : std::min(smallest, offset);
        first = false;
        if (info.save == minutes(0) && end - at > longest) {
            longest = end - at;
            standard = offset;
        }
        if (info.end <= at)
            break;  // the last rule: nothing changes after
        at = info.end;
    }
    return standard ? *standard : smallest;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Every zone name the system's tzdata has, with its standard offset, and an
// index by lower-case name: built once (reading tzdata and walking each
// zone's year takes milliseconds, not a request's budget).
struct zone_catalogue {
    std::vector<time_zone_entry> zones;
    std::map<std::string, std::size_t> by_lower_name;
};

const zone_catalogue& catalogue()
{
    static const zone_catalogue built = [] {
        zone_catalogue c;
        try {
            for (const date::time_zone& zone : date::get_tzdb().zones) {
                const std::string name(zone.name());
                // Not zones: the local-time link and the leap-second
                // variants some systems keep beside the zones.
                if (name == "localtime" || name.starts_with("posix/") || name.starts_with("right/")
                    || name.starts_with("SystemV/"))
                    continue;
                c.zones.push_back({name, standard_offset_of(zone)});
            }
        } catch (const std::exception&) {
            // No tzdata on this system: no zone converts, and the transform
            // says so for each value instead of failing the process.
        }
        std::sort(c.zones.begin(), c.zones.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        for (std::size_t i = 0; i < c.zones.size(); ++i)
            c.by_lower_name.emplace(lower(c.zones[i].name), i);
        return c;
    }();
    return built;
}

const time_zone_entry* find_zone(std::string_view name)
{
    const zone_catalogue& c = catalogue();
    auto it = c.by_lower_name.find(lower(name));
    return it == c.by_lower_name.end() ? nullptr : &c.zones[it->second];
}

std::optional<int> parse_number(std::string_view digits)
{
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty())
        return std::nullopt;
    return value;
}

} // namespace

const std::vector<time_zone_entry>& all_time_zones() { return catalogue().zones; }

std::optional<int> standard_offset_minutes(std::string_view iana_name)
{
    if (const time_zone_entry* zone = find_zone(iana_name))
        return zone->standard_offset_minutes;
    return std::nullopt;
}

std::string format_utc_offset(int minutes)
{
    std::string out = minutes < 0 ? "UTC-" : "UTC+";
    const int magnitude = std::abs(minutes);
    out += std::to_string(magnitude / 60);
    if (magnitude % 60 != 0) {
        const int rest = magnitude % 60;
        out += (rest < 10 ? ":0" : ":") + std::to_string(rest);
    }
    return out;
}

std::optional<int> parse_utc_offset(std::string_view text)
{
    if (iequals(text, "Z") || iequals(text, "UTC") || iequals(text, "GMT"))
        return 0;
    if (text.size() >= 3 && (iequals(text.substr(0, 3), "UTC") || iequals(text.substr(0, 3), "GMT")))
        text.remove_prefix(3);
    if (text.empty() || (text[0] != '+' && text[0] != '-'))
        return std::nullopt;
    const int sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
    std::optional<int> hours, minutes = 0;
    if (auto colon = text.find(':'); colon != std::string_view::npos) {
        hours = parse_number(text.substr(0, colon));
        minutes = parse_number(text.substr(colon + 1));
    } else if (text.size() == 4) {
        hours = parse_number(text.substr(0, 2));
        minutes = parse_number(text.substr(2));
    } else {
        hours = parse_number(text);
    }
    if (!hours || !minutes || *hours > 14 || *minutes > 59)
        return std::nullopt;
    return sign * (*hours * 60 + *minutes);
}

std::optional<std::string> zone_for_offset(int minutes)
{
    if (minutes == 0)
        return std::string("UTC");
    if (minutes % 60 == 0 && minutes >= -12 * 60 && minutes <= 14 * 60)
        return std::string(minutes > 0 ? "Etc/GMT-" : "Etc/GMT+") + std::to_string(std::abs(minutes) / 60);
    // Fractional offsets: the zone most people on that offset live in.
    struct preferred_zone {
        const char* name;
        int standard_offset_minutes;
    };
    static constexpr preferred_zone preferred[] = {
        {"Asia/Kolkata", 330},       {"Asia/Kathmandu", 345},      {"Asia/Kabul", 270},
        {"Asia/Tehran", 210},        {"Asia/Yangon", 390},         {"Australia/Adelaide", 570},
        {"America/St_Johns", -210},  {"Pacific/Marquesas", -570},  {"Pacific/Chatham", 765},
    };
    for (const auto& zone : preferred)
        if (zone.standard_offset_minutes == minutes)
            return std::string(zone.name);
    const auto& zones = all_time_zones();
    auto it = std::find_if(zones.begin(), zones.end(), [&](const time_zone_entry& z) {
        return z.standard_offset_minutes == minutes && z.name.find('/') != std::string::npos;
    });
    if (it == zones.end())
        return std::nullopt;
    return it->name;
}

std::optional<std::string> canonical_zone_name(std::string_view iana_name)
{
    if (const time_zone_entry* zone = find_zone(iana_name))
        return zone->name;
    return std::nullopt;
}

} // namespace mapping
