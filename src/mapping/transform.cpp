#include "mapping/transform.hpp"

#include "mapping/country_codes.hpp"
#include "mapping/query_escaping.hpp"
#include "mapping/time_zones.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace mapping {
namespace json = boost::json;

namespace {

transform_outcome ok(json::value v) { return {std::move(v), {}}; }
transform_outcome fail(std::string message) { return {nullptr, std::move(message)}; }

json::value change_case(json::value input, bool to_upper)
{
    if (!input.is_string())
        return input;
    std::string s(input.as_string());
    std::transform(s.begin(), s.end(), s.begin(), [&](unsigned char c) {
        return static_cast<char>(to_upper ? std::toupper(c) : std::tolower(c));
    });
    return json::string(s);
}

json::value trimmed(json::value input)
{
    if (!input.is_string())
        return input;
    std::string_view s = input.as_string();
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return json::string();
    const auto last = s.find_last_not_of(" \t\r\n");
    return json::string(s.substr(first, last - first + 1));
}

// Map keys match strings case-insensitively (vendors and identity
// providers disagree on "Female"/"female"); other JSON values exactly.
bool same_key(const json::value& a, const json::value& b)
{
    if (a.is_string() && b.is_string())
        return std::equal(a.as_string().begin(), a.as_string().end(), b.as_string().begin(), b.as_string().end(),
                          [](char x, char y) {
                              return std::tolower(static_cast<unsigned char>(x)) ==
                                     std::tolower(static_cast<unsigned char>(y));
                          });
    return a == b;
}

bool is_blank(const json::value& v) { return v.is_null() || (v.is_string() && v.as_string().empty()); }

std::optional<bool> truth(const json::value& input, const transform& t)
{
    if (input.is_bool())
        return input.as_bool();
    if (same_key(input, t.true_form))
        return true;
    if (same_key(input, t.false_form))
        return false;
    if (input.is_string()) {
        json::value lowered = change_case(input, false);
        if (lowered == "true")
            return true;
        if (lowered == "false")
            return false;
    }
    return std::nullopt;
}

transform_outcome country(const json::value& input, country_form form, bool forward)
{
    if (!input.is_string())
        return fail("a country code must be a string");
    std::string_view code = input.as_string();
    // Forward: SCIM alpha-2 -> vendor form; reverse: vendor form -> alpha-2.
    std::optional<std::string> out;
    if (form == country_form::alpha2)
        out = country_alpha2_to_alpha3(code) ? std::optional<std::string>(std::string(code)) : std::nullopt;
    else
        out = forward ? country_alpha2_to_alpha3(code) : country_alpha3_to_alpha2(code);
    if (!out)
        return fail("'" + std::string(code) + "' is not an ISO 3166-1 " +
                    (forward || form == country_form::alpha2 ? "alpha-2" : "alpha-3") + " country code");
    std::transform(out->begin(), out->end(), out->begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return ok(json::string(*out));
}

transform_outcome time_zone(const json::value& input, time_zone_form form, bool forward)
{
    if (!input.is_string())
        return fail("a time zone must be a string");
    std::string_view text = input.as_string();
    if (form == time_zone_form::iana) {
        auto name = canonical_zone_name(text);
        if (!name && standard_offset_minutes(text))
            name = std::string(text);
        return name ? ok(json::string(*name)) : fail("'" + std::string(text) + "' is not an IANA time zone");
    }
    if (forward) {
        auto minutes = standard_offset_minutes(text);
        if (!minutes)
            minutes = parse_utc_offset(text);  // already an offset: normalise it
        return minutes ? ok(json::string(format_utc_offset(*minutes)))
                       : fail("'" + std::string(text) + "' is not an IANA time zone");
    }
    auto minutes = parse_utc_offset(text);
    auto zone = minutes ? zone_for_offset(*minutes) : std::nullopt;
    return zone ? ok(json::string(*zone)) : fail("'" + std::string(text) + "' is not a UTC offset");
}

// Decimal text (an optional minus, then digits) that fits a 64-bit integer.
// Deliberately strict: "1e3", "+7", " 7" or "7.0" are typing mistakes, and a
// vendor that wants an integer should not get a guess.
transform_outcome to_integer(const json::value& input)
{
    if (input.is_int64() || input.is_uint64())
        return ok(input);
    if (input.is_string()) {
        std::string_view text = input.as_string();
        if (text.empty())
            return ok(nullptr);  // no number, but no value either: left out like an absent one
        std::int64_t number = 0;
        const bool digits = std::all_of(text.begin() + (text.front() == '-' ? 1 : 0), text.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
            digits && ec == std::errc{} && end == text.data() + text.size())
            return ok(number);
    }
    return fail("'" + to_text(input) + "' is not an integer");
}

// The escapes work on text; a number or boolean is written as its text.
transform_outcome escaped(const json::value& input, std::string (*escape)(std::string_view))
{
    if (input.is_object() || input.is_array())
        return fail("only a single value can be escaped for a query, got " + to_text(input));
    return ok(json::string(escape(to_text(input))));
}

} // namespace

bool reversible(transform_kind kind)
{
    // An escape is for the place a value is written into (a query), never
    // for a field read back.
    return kind != transform_kind::text_template && kind != transform_kind::odata && kind != transform_kind::soql &&
           kind != transform_kind::url;
}

std::string_view to_string(transform_kind kind)
{
    switch (kind) {
    case transform_kind::upper: return "upper";
    case transform_kind::lower: return "lower";
    case transform_kind::trim: return "trim";
    case transform_kind::default_value: return "default";
    case transform_kind::text_template: return "template";
    case transform_kind::value_map: return "map";
    case transform_kind::date: return "date";
    case transform_kind::boolean: return "boolean";
    case transform_kind::country: return "country";
    case transform_kind::language: return "language";
    case transform_kind::time_zone: return "time_zone";
    case transform_kind::reference: return "reference";
    case transform_kind::integer: return "integer";
    case transform_kind::array: return "array";
    case transform_kind::odata: return "odata";
    case transform_kind::soql: return "soql";
    case transform_kind::url: return "url";
    case transform_kind::truncate: return "truncate";
    }
    return "?";
}

transform_outcome apply_forward(const transform& t, json::value input, const transform_context& context)
{
    if (t.kind == transform_kind::default_value)
        return ok(is_blank(input) ? t.argument : std::move(input));
    if (t.kind == transform_kind::value_map && input.is_null())
        return ok(t.map_default);
    if (input.is_null())
        return ok(nullptr);
    switch (t.kind) {
    case transform_kind::upper: return ok(change_case(std::move(input), true));
    case transform_kind::lower: return ok(change_case(std::move(input), false));
    case transform_kind::trim: return ok(trimmed(std::move(input)));
    case transform_kind::text_template: {
        render_scope scope = context.scope ? *context.scope : render_scope{};
        scope.value = &input;
        render_outcome rendered = render_template(t.text, scope);
        return {std::move(rendered.value), std::move(rendered.error)};
    }
    case transform_kind::value_map: {
        for (const auto& [from, to] : t.table)
            if (same_key(input, from))
                return ok(to);
        if (!t.map_default.is_null())
            return ok(t.map_default);
        return fail("value " + to_text(input) + " has no entry in the value map");
    }
    case transform_kind::date: {
        auto millis = read_date(input, t.from);
        if (!millis)
            return fail("'" + to_text(input) + "' is not a " + std::string(to_string(t.from)) + " date");
        return ok(write_date(*millis, t.to));
    }
    case transform_kind::boolean: {
        auto b = truth(input, t);
        if (!b)
            return fail("'" + to_text(input) + "' is not a boolean");
        return ok(*b ? t.true_form : t.false_form);
    }
    case transform_kind::country: return country(input, t.country, true);
    case transform_kind::language: {
        auto tag = input.is_string() ? convert_language_tag(input.as_string(), t.language) : std::nullopt;
        return tag ? ok(json::string(*tag)) : fail("'" + to_text(input) + "' is not a language tag");
    }
    case transform_kind::time_zone: return time_zone(input, t.zone, true);
    case transform_kind::reference: {
        if (!context.lookup || !*context.lookup || !input.is_string())
            return ok(nullptr);
        // An unknown reference (a manager not provisioned yet) leaves the
        // field out rather than failing the whole write.
        auto id = (*context.lookup)(t.reference_type, input.as_string(), lookup_direction::scim_to_vendor);
        return ok(id ? json::value(json::string(*id)) : json::value(nullptr));
    }
    case transform_kind::integer: return to_integer(input);
    case transform_kind::array: return ok(input.is_array() ? std::move(input) : json::value(json::array{input}));
    case transform_kind::odata: return escaped(input, escape_odata);
    case transform_kind::soql: return escaped(input, escape_soql);
    case transform_kind::url: return escaped(input, escape_url);
    case transform_kind::truncate:
        return ok(input.is_string() ? json::value(json::string(truncate_text(input.as_string(), t.max_length)))
                                    : std::move(input));
    default: return ok(std::move(input));
    }
}

transform_outcome apply_reverse(const transform& t, json::value input, const transform_context& context)
{
    if (input.is_null())
        return ok(nullptr);
    switch (t.kind) {
    case transform_kind::value_map: {
        for (const auto& [from, to] : t.table)
            if (same_key(input, to))
                return ok(from);
        return ok(t.map_reverse_default);
    }
    case transform_kind::date: {
        auto millis = read_date(input, t.to);
        if (!millis)
            return fail("'" + to_text(input) + "' is not a " + std::string(to_string(t.to)) + " date");
        return ok(write_date(*millis, t.from));
    }
    case transform_kind::boolean: {
        auto b = truth(input, t);
        return b ? ok(*b) : fail("'" + to_text(input) + "' is not a boolean");
    }
    case transform_kind::country: return country(input, t.country, false);
    case transform_kind::language: {
        auto tag = input.is_string() ? language_tag_to_bcp47(input.as_string(), t.language) : std::nullopt;
        return tag ? ok(json::string(*tag)) : fail("'" + to_text(input) + "' is not a language tag");
    }
    case transform_kind::time_zone: return time_zone(input, t.zone, false);
    case transform_kind::reference: {
        if (!context.lookup || !*context.lookup)
            return ok(nullptr);
        auto id = (*context.lookup)(t.reference_type, to_text(input), lookup_direction::vendor_to_scim);
        return ok(id ? json::value(json::string(*id)) : json::value(nullptr));
    }
    case transform_kind::integer:
        // SCIM attributes that hold numbers are strings (employeeNumber): the text back.
        return ok(input.is_int64() || input.is_uint64() ? json::value(json::string(to_text(input))) : std::move(input));
    case transform_kind::array:
        // The vendor's list holds the one value SCIM has: its first element.
        if (!input.is_array())
            return ok(std::move(input));
        return ok(input.as_array().empty() ? json::value(nullptr) : input.as_array().front());
    default:
        // upper/lower/trim/default lose nothing worth restoring.
        return ok(std::move(input));
    }
}

} // namespace mapping
