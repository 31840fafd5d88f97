#include "mapping/time_zones.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace mapping {

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

const time_zone_entry* find_zone(std::string_view name)
{
    const auto table = all_time_zones();
    auto it = std::find_if(table.begin, table.end, [&](const time_zone_entry& z) { return iequals(z.name, name); });
    return it == table.end ? nullptr : it;
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

std::optional<int> standard_offset_minutes(std::string_view iana_name)
{
    if (const time_zone_entry* zone = find_zone(iana_name))
        return zone->standard_offset_minutes;
    // Etc/GMT±N: POSIX sign, so Etc/GMT-3 is three hours east.
    if (iana_name.size() > 7 && iequals(iana_name.substr(0, 7), "Etc/GMT")) {
        auto hours = parse_number(iana_name.substr(8));
        if (!hours || *hours > 14 || (iana_name[7] != '+' && iana_name[7] != '-'))
            return std::nullopt;
        return (iana_name[7] == '-' ? 60 : -60) * *hours;
    }
    if (iequals(iana_name, "Etc/UTC") || iequals(iana_name, "Etc/GMT") || iequals(iana_name, "GMT"))
        return 0;
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
    static constexpr time_zone_entry preferred[] = {
        {"Asia/Kolkata", 330},       {"Asia/Kathmandu", 345},      {"Asia/Kabul", 270},
        {"Asia/Tehran", 210},        {"Asia/Yangon", 390},         {"Australia/Adelaide", 570},
        {"America/St_Johns", -210},  {"Pacific/Marquesas", -570},  {"Pacific/Chatham", 765},
    };
    for (const auto& zone : preferred)
        if (zone.standard_offset_minutes == minutes)
            return std::string(zone.name);
    const auto table = all_time_zones();
    auto it = std::find_if(table.begin, table.end,
                           [&](const time_zone_entry& z) { return z.standard_offset_minutes == minutes; });
    if (it == table.end)
        return std::nullopt;
    return std::string(it->name);
}

std::optional<std::string> canonical_zone_name(std::string_view iana_name)
{
    if (const time_zone_entry* zone = find_zone(iana_name))
        return std::string(zone->name);
    return std::nullopt;
}

} // namespace mapping
