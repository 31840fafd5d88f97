#include "mapping/date_formats.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>

namespace mapping {

namespace {

constexpr std::array<std::pair<std::string_view, date_form>, 6> forms{{
    {"iso8601", date_form::iso8601},
    {"iso8601_millis", date_form::iso8601_millis},
    {"sql_datetime", date_form::sql_datetime},
    {"date", date_form::date},
    {"epoch_seconds", date_form::epoch_seconds},
    {"epoch_millis", date_form::epoch_millis},
}};

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size())
        return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
    if (ec != std::errc{} || end != text.data() + pos + width)
        return std::nullopt;
    return value;
}

// Any of the textual forms: a date, then optionally 'T' or ' ' and a time
// with optional fraction and optional 'Z' or ±hh:mm (none = UTC).
std::optional<std::int64_t> parse_text(std::string_view text)
{
    auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    if (!year || !month || !day || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                          std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok())
        return std::nullopt;
    std::int64_t millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::sys_days{ymd}.time_since_epoch()).count();
    if (text.size() == 10)
        return millis;
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
        return std::nullopt;
    auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (!hour || !minute || !second || text[13] != ':' || text[16] != ':' || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    millis += ((*hour * 60LL + *minute) * 60 + *second) * 1000;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        int scale = 100;
        for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos, scale /= 10)
            millis += (text[pos] - '0') * scale;
    }
    if (pos == text.size() || ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()))
        return millis;
    auto off_hours = digits(text, pos + 1, 2), off_minutes = digits(text, pos + 4, 2);
    if ((text[pos] != '+' && text[pos] != '-') || !off_hours || !off_minutes || text[pos + 3] != ':' ||
        pos + 6 != text.size())
        return std::nullopt;
    const std::int64_t offset = (*off_hours * 60LL + *off_minutes) * 60'000;
    return text[pos] == '+' ? millis - offset : millis + offset;
}

} // namespace

std::optional<date_form> parse_date_form(std::string_view name)
{
    for (const auto& [text, form] : forms)
        if (text == name)
            return form;
    return std::nullopt;
}

std::string_view to_string(date_form form)
{
    for (const auto& [text, f] : forms)
        if (f == form)
            return text;
    return "?";
}

std::optional<std::int64_t> read_date(const boost::json::value& value, date_form form)
{
    if (form == date_form::epoch_seconds || form == date_form::epoch_millis) {
        std::int64_t number = 0;
        if (value.is_int64())
            number = value.as_int64();
        else if (value.is_uint64())
            number = static_cast<std::int64_t>(value.as_uint64());
        else if (value.is_string()) {
            const auto& s = value.as_string();
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
            if (ec != std::errc{} || end != s.data() + s.size())
                return std::nullopt;
        } else
            return std::nullopt;
        return form == date_form::epoch_seconds ? number * 1000 : number;
    }
    // Textual forms are read leniently: a vendor that says sql_datetime
    // sometimes answers with an ISO string, and either is unambiguous.
    if (!value.is_string())
        return std::nullopt;
    return parse_text(value.as_string());
}

boost::json::value write_date(std::int64_t epoch_millis, date_form form)
{
    if (form == date_form::epoch_millis)
        return epoch_millis;
    if (form == date_form::epoch_seconds)
        return epoch_millis / 1000;
    using namespace std::chrono;
    const sys_time<milliseconds> when{milliseconds{epoch_millis}};
    const sys_days day = floor<days>(when);
    const year_month_day ymd{day};
    const hh_mm_ss time{when - day};
    char buffer[40];
    const int y = static_cast<int>(ymd.year());
    const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const int h = static_cast<int>(time.hours().count()), mi = static_cast<int>(time.minutes().count()),
              s = static_cast<int>(time.seconds().count()), ms = static_cast<int>(time.subseconds().count());
    switch (form) {
    case date_form::date: std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", y, mo, d); break;
    case date_form::sql_datetime:
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d:%02d", y, mo, d, h, mi, s);
        break;
    case date_form::iso8601_millis:
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, ms);
        break;
    default: std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, mo, d, h, mi, s); break;
    }
    return boost::json::string(buffer);
}

} // namespace mapping
