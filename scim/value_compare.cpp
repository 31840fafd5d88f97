#include "scim/value_compare.hpp"

#include "scim/case_fold.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace json = boost::json;

namespace scim {
namespace {

int sign(auto difference) { return difference < 0 ? -1 : (difference > 0 ? 1 : 0); }

// Values of an unexpected JSON type still need a stable order for sorting:
// group them by kind so that mixed data never breaks strict weak ordering.
int kind_rank(const json::value& v)
{
    switch (v.kind()) {
    case json::kind::null: return 0;
    case json::kind::bool_: return 1;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return 2;
    case json::kind::string: return 3;
    case json::kind::array: return 4;
    case json::kind::object: return 5;
    }
    return 6;
}

int compare_numbers(const json::value& a, const json::value& b)
{
    // Exact for integers beyond 2^53, which doubles would round.
    if (a.is_int64() && b.is_int64()) {
        const std::int64_t x = a.get_int64(), y = b.get_int64();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    const double x = a.to_number<double>();
    const double y = b.to_number<double>();
    return x < y ? -1 : (y < x ? 1 : 0);
}

int compare_date_times(const json::string& a, const json::string& b)
{
    const auto x = parse_date_time(a);
    const auto y = parse_date_time(b);
    // Unparseable stored values sort after every valid instant.
    if (x && y)
        return *x < *y ? -1 : (*y < *x ? 1 : 0);
    if (x || y)
        return x ? -1 : 1;
    return compare_strings(a, b, true);
}

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& out)
{
    if (at + count > text.size())
        return false;
    const char* first = text.data() + at;
    if (!std::all_of(first, first + count, [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return std::from_chars(first, first + count, out).ec == std::errc{};
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = static_cast<int>(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Orders two texts as their case folds (scim/case_fold.hpp) compare, byte by
// byte, without folding either when that cannot change the answer. Filters
// compare ids by the thousand (PATCH member removal) and sorting compares
// names n log n times: nearly all of them ASCII.
//
// The scan walks both texts while they agree ignoring ASCII case. A
// difference between two ASCII bytes decides: an ASCII character starts a
// character of its own, never composes with what precedes it under NFC and
// folds to one ASCII byte, so both folds share the folded prefix and differ
// right there. The same holds when one text ends where the other goes on
// with an ASCII byte. Anything else (a byte >= 0x80 where they differ)
// folds both texts whole.
constexpr auto lower = [] {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    return table;
}();

int compare_folded(std::string_view a, std::string_view b)
{
    const auto* x = reinterpret_cast<const unsigned char*>(a.data());
    const auto* y = reinterpret_cast<const unsigned char*>(b.data());
    const std::size_t n = std::min(a.size(), b.size());
    std::size_t i = 0;
    while (i < n && (x[i] == y[i] || lower[x[i]] == lower[y[i]]))
        ++i;
    if (i < n) {
        if (x[i] < 0x80 && y[i] < 0x80)
            return sign(int(lower[x[i]]) - int(lower[y[i]]));
    } else if (a.size() == b.size()) {
        return 0;
    } else {
        const unsigned char next = a.size() > n ? x[n] : y[n];
        if (next < 0x80)
            return a.size() > n ? 1 : -1;
    }
    return sign(fold_case(a).compare(fold_case(b)));
}

int days_in_month(int y, int m)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

} // namespace

bool strings_equal(std::string_view a, std::string_view b, bool case_exact)
{
    if (a == b)
        return true;
    if (case_exact || a.empty() || b.empty())
        return false;
    // Sequential ids differ in their last character: reject there first.
    // Texts ending in ASCII letters that differ ignoring case never fold
    // alike, whatever precedes them (see compare_folded).
    const auto x = static_cast<unsigned char>(a.back());
    const auto y = static_cast<unsigned char>(b.back());
    if (x < 0x80 && y < 0x80 && lower[x] != lower[y])
        return false;
    return compare_folded(a, b) == 0;
}

int compare_strings(std::string_view a, std::string_view b, bool case_exact)
{
    if (case_exact)
        return sign(a.compare(b));
    return compare_folded(a, b);
}

std::optional<date_time_instant> parse_date_time(std::string_view text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !read_digits(text, 5, 2, month)
        || text[7] != '-' || !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't')
        || !read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':'
        || !read_digits(text, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59
        || second > 60)
        return std::nullopt;

    std::size_t at = 19;
    std::int32_t nanoseconds = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        const std::size_t first = at;
        for (std::int32_t scale = 100'000'000; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
            nanoseconds += (text[at] - '0') * scale;  // digits past nanoseconds are dropped
            scale /= 10;
        }
        if (at == first)
            return std::nullopt;
    }

    int offset_seconds = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int offset_hours = 0, offset_minutes = 0;
        if (!read_digits(text, at + 1, 2, offset_hours) || at + 3 >= text.size() || text[at + 3] != ':'
            || !read_digits(text, at + 4, 2, offset_minutes) || offset_hours > 14 || offset_minutes > 59)
            return std::nullopt;
        offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (text[at] == '-' ? -1 : 1);
        at += 6;
    }
    if (at != text.size())
        return std::nullopt;

    const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return date_time_instant{seconds - offset_seconds, nanoseconds};
}

int compare_values(const json::value& a, const json::value& b, const attribute& attr)
{
    if (kind_rank(a) != kind_rank(b))
        return sign(kind_rank(a) - kind_rank(b));
    switch (a.kind()) {
    case json::kind::bool_: return sign(int(a.get_bool()) - int(b.get_bool()));
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return compare_numbers(a, b);
    case json::kind::string:
        if (attr.type == attribute_type::date_time)
            return compare_date_times(a.get_string(), b.get_string());
        // Binary values are base64, where case is significant.
        return compare_strings(a.get_string(), b.get_string(),
                               attr.case_exact || attr.type == attribute_type::binary);
    default: return 0;  // complex values have no order (RFC 7644 §3.4.2.2)
    }
}

const json::value* find_member(const json::object& object, std::string_view name)
{
    if (auto it = object.find(name); it != object.end())
        return &it->value();
    for (const auto& member : object)
        if (strings_equal(member.key(), name, false))
            return &member.value();
    return nullptr;
}

const json::value* find_attribute_value(const json::object& resource, const resolved_attribute& path)
{
    if (!path.attr)
        return nullptr;
    const json::object* container = &resource;
    if (path.in_extension()) {
        const json::value* extension = find_member(resource, path.owner->id);
        if (!extension || !extension->is_object())
            return nullptr;
        container = &extension->get_object();
    }
    return find_member(*container, path.attr->name);
}

const json::value* find_sort_value(const json::object& resource, const resolved_attribute& path)
{
    const json::value* value = find_attribute_value(resource, path);
    if (!value)
        return nullptr;
    if (const json::array* elements = value->if_array()) {
        if (elements->empty())
            return nullptr;
        auto primary = std::find_if(elements->begin(), elements->end(), [](const json::value& e) {
            const json::value* flag = e.is_object() ? find_member(e.get_object(), "primary") : nullptr;
            return flag && flag->is_bool() && flag->get_bool();
        });
        value = primary != elements->end() ? &*primary : &elements->front();
    }
    // A multi-valued complex attribute without a sub-attribute sorts by "value".
    const attribute* sub = path.sub;
    if (!sub && path.attr->type == attribute_type::complex && path.attr->multi_valued)
        sub = path.attr->find_sub("value");
    if (!sub)
        return value;
    return value->is_object() ? find_member(value->get_object(), sub->name) : nullptr;
}

} // namespace scim
