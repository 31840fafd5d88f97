#pragma once
// Ordering and lookup of attribute values, shared by filters (gt/ge/lt/le)
// and sorting (sortBy).

#include "scim/schema.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scim {

// Orders two attribute values per the attribute's type and caseExact
// (strings case-insensitively unless caseExact; dateTime chronologically;
// numbers numerically). Returns <0, 0, >0.
int compare_values(const boost::json::value& a, const boost::json::value& b, const attribute& attr);

// The value at `path` in a canonical resource, or nullptr. For a
// multi-valued attribute with a sub-attribute, the value of the primary
// element (else the first): what sortBy uses (RFC 7644 §3.4.2.3).
const boost::json::value* find_sort_value(const boost::json::object& resource, const resolved_attribute& path);

// The whole value of the top-level attribute of `path` (its sub-attribute
// ignored), looked up under the extension URN key when the attribute belongs
// to an extension; nullptr when absent.
const boost::json::value* find_attribute_value(const boost::json::object& resource, const resolved_attribute& path);

// A member by exact key, else by a case-insensitive match; nullptr when
// absent. Canonical resources hit the exact lookup; the fallback serves
// client JSON.
const boost::json::value* find_member(const boost::json::object& object, std::string_view name);

// String equality and ordering as SCIM compares them: as their Unicode case
// folds (scim/case_fold.hpp: `ÅSA` equals `åsa`) unless `case_exact`, when
// the bytes compare as they are. Ordering is the folded texts' byte order.
bool strings_equal(std::string_view a, std::string_view b, bool case_exact);
int compare_strings(std::string_view a, std::string_view b, bool case_exact);

// An instant parsed from an xsd:dateTime (RFC 7643 §2.3.5), e.g.
// "2011-05-13T04:42:34Z", "2011-05-13T04:42:34.123+02:00". A value without
// a zone offset is taken as UTC.
struct date_time_instant {
    std::int64_t seconds = 0;     // since 1970-01-01T00:00:00Z
    std::int32_t nanoseconds = 0;
    auto operator<=>(const date_time_instant&) const = default;
};
std::optional<date_time_instant> parse_date_time(std::string_view text);

} // namespace scim
