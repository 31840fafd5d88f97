// normalize_value: one attribute's client JSON -> its canonical value.
//
// Type coercion is forgiving only where identity providers are known to be
// sloppy (booleans as words, a bare id where a {value} object is expected, a
// single element where an array is expected, names in any case); everything
// else that contradicts the declared type is a 400 invalidValue whose detail
// names the attribute. The schema's shape bounds the recursion: complex
// values nest one level, so deeper input is rejected rather than walked.

#include "scim/error.hpp"
#include "scim/idp_coercions.hpp"
#include "scim/resource.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/serialize.hpp>

#include <cmath>
#include <limits>

namespace scim {

namespace {

namespace json = boost::json;

std::string_view type_word(attribute_type t)
{
    switch (t) {
    case attribute_type::string: return "a string";
    case attribute_type::boolean: return "a boolean (true or false)";
    case attribute_type::decimal: return "a number";
    case attribute_type::integer: return "an integer";
    case attribute_type::date_time: return "a dateTime string such as \"2024-05-13T04:42:34Z\"";
    case attribute_type::binary: return "a base64 string";
    case attribute_type::reference: return "a reference (URI) string";
    case attribute_type::complex: return "an object";
    }
    return "a value";
}

// A short rendering of what the client sent, for the error detail.
std::string shown(const json::value& v)
{
    std::string text = json::serialize(v);
    constexpr std::size_t limit = 60;
    return text.size() > limit ? text.substr(0, limit) + "…" : text;
}

[[noreturn]] void wrong_type(const std::string& path, const attribute& attr, const json::value& v)
{
    throw_invalid_value("attribute '" + path + "' must be " + std::string(type_word(attr.type)) + ", got "
                        + shown(v));
}

bool is_base64(std::string_view text)
{
    std::size_t significant = 0;
    std::size_t padding = 0;
    for (char c : text) {
        // PEM-style line breaks are common in pasted certificates.
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
            continue;
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
            || c == '/';
        if (c == '=')
            ++padding;
        else if (!alphabet || padding > 0)
            return false;
        ++significant;
    }
    return padding <= 2 && significant % 4 == 0;
}

json::value normalize_boolean(const json::value& v, const std::string& path, const attribute& attr)
{
    if (v.is_bool())
        return v;
    if (const auto text = boolean_from_text(v))  // Entra's "True"/"False"
        return *text;
    wrong_type(path, attr, v);
}

json::value normalize_integer(const json::value& v, const std::string& path, const attribute& attr)
{
    if (v.is_int64())
        return v;
    if (v.is_uint64())
        throw_invalid_value("attribute '" + path + "' is out of range: " + shown(v));
    if (v.is_double()) {
        const double d = v.get_double();
        if (std::trunc(d) != d)
            wrong_type(path, attr, v);
        // 2^63 is exactly representable; anything at or beyond it is not an int64.
        if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            throw_invalid_value("attribute '" + path + "' is out of range: " + shown(v));
        return static_cast<std::int64_t>(d);
    }
    wrong_type(path, attr, v);
}

json::value normalize_simple(const json::value& v, const std::string& path, const attribute& attr)
{
    switch (attr.type) {
    case attribute_type::boolean: return normalize_boolean(v, path, attr);
    case attribute_type::integer: return normalize_integer(v, path, attr);
    case attribute_type::decimal:
        if (v.is_number())
            return v.to_number<double>();
        wrong_type(path, attr, v);
    case attribute_type::date_time:
        if (v.is_string() && parse_date_time(v.get_string()))
            return v;
        wrong_type(path, attr, v);
    case attribute_type::binary:
        if (v.is_string() && is_base64(v.get_string()))
            return v;
        wrong_type(path, attr, v);
    case attribute_type::string:
    case attribute_type::reference:
        if (v.is_string())
            return v;
        wrong_type(path, attr, v);
    case attribute_type::complex: break;
    }
    wrong_type(path, attr, v);
}

json::value normalize_single(const json::value& v, const std::string& path, const attribute& attr, bool nested);

json::object normalize_complex(const json::value& v, const std::string& path, const attribute& attr)
{
    // A bare id for members or the manager means {"value": id} (scim/idp_coercions.hpp).
    if (!v.is_object()) {
        const attribute* value_sub = attr.find_sub("value");
        if (value_sub && is_bare_id(v, attr))
            return {{value_sub->name, normalize_single(v, path + ".value", *value_sub, true)}};
        wrong_type(path, attr, v);
    }
    json::object out;
    for (const auto& member : v.get_object()) {
        if (member.value().is_null())
            continue;
        const attribute* sub = attr.find_sub(member.key());
        // Unknown sub-attributes are ignored (IDP-COMPAT 7); a read-only one
        // inside a writable attribute (manager.displayName) is the server's
        // to fill, so client input for it is dropped.
        if (!sub || (sub->mutability == mutability::read_only && attr.mutability != mutability::read_only))
            continue;
        json::value normalized = normalize_single(member.value(), path + "." + sub->name, *sub, true);
        if (!normalized.is_null())
            out[sub->name] = std::move(normalized);
    }
    return out;
}

// `nested`: the value sits inside a complex value, where RFC 7643 §2.3.8
// allows only simple values.
json::value normalize_single(const json::value& v, const std::string& path, const attribute& attr, bool nested)
{
    if (v.is_null())
        return nullptr;
    if (attr.type == attribute_type::complex) {
        if (nested)
            wrong_type(path, attr, v);
        json::object o = normalize_complex(v, path, attr);
        if (o.empty())
            return nullptr;
        return o;
    }
    if (attr.multi_valued && nested) {
        json::array out;
        const json::array single{v};
        for (const auto& item : v.is_array() ? v.get_array() : single)
            if (!item.is_null())
                out.push_back(normalize_simple(item, path, attr));
        return out;
    }
    return normalize_simple(v, path, attr);
}

} // namespace

json::value normalize_value(const json::value& input, const attribute& attr)
{
    const std::string& path = attr.name;
    if (!attr.multi_valued)
        return normalize_single(input, path, attr, false);
    if (input.is_null())
        return json::array{};
    json::array out;
    // IDP-COMPAT 10: one element where an array is expected.
    const json::array single{input};
    for (const auto& item : input.is_array() ? input.get_array() : single) {
        if (item.is_array())
            throw_invalid_value("attribute '" + path + "' must be a flat array, got a nested array");
        json::value normalized = normalize_single(item, path, attr, false);
        if (!normalized.is_null())
            out.push_back(std::move(normalized));
    }
    return out;
}

} // namespace scim
