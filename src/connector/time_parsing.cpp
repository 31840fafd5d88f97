#include "connector/time_parsing.hpp"

#include <array>
#include <charconv>

namespace connector {

namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size())
        return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<system_time> make_time(int y, int mo, int d, int h, int mi, int s)
{
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    // Beyond 2200 the nanosecond system clock is close to overflowing (2262).
    if (!date.ok() || y > 2200 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    return sys_days{date} + hours{h} + minutes{mi} + seconds{s};
}

} // namespace

std::optional<system_time> parse_http_date(std::string_view text)
{
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
    if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
        return std::nullopt;
    static constexpr std::array<std::string_view, 12> months{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int month_number = 0;
    for (std::size_t i = 0; i < months.size(); ++i)
        if (text.substr(8, 3) == months[i])
            month_number = static_cast<int>(i) + 1;
    const auto d = digits(text, 5, 2), y = digits(text, 12, 4);
    const auto h = digits(text, 17, 2), mi = digits(text, 20, 2), s = digits(text, 23, 2);
    if (month_number == 0 || !d || !y || !h || !mi || !s)
        return std::nullopt;
    return make_time(*y, month_number, *d, *h, *mi, *s);
}

std::optional<seconds> parse_retry_after(std::string_view text, system_time now)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    long long delay = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), delay);
    if (ec == std::errc{} && end == text.data() + text.size() && delay >= 0)
        return seconds{delay};
    if (const auto date = parse_http_date(text))
        return *date > now ? ceil<seconds>(*date - now) : seconds{0};
    return std::nullopt;
}

std::optional<system_time> parse_iso8601(std::string_view text)
{
    const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto time = make_time(*y, *mo, *d, *h, *mi, *s);
    if (!time)
        return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;  // sub-second precision is irrelevant to a token's expiry
    }
    if (pos == text.size() || text.substr(pos) == "Z" || text.substr(pos) == "z")
        return time;
    const char sign = text[pos];
    const auto oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
    if ((sign != '+' && sign != '-') || !oh || !om || text.size() != pos + 6 || text[pos + 3] != ':')
        return std::nullopt;
    const minutes offset = hours{*oh} + minutes{*om};
    return sign == '+' ? *time - offset : *time + offset;
}

} // namespace connector
