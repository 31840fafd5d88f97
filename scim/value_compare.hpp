#pragma once
// Ordering and lookup of attribute values, shared by filters (gt/ge/lt/le)
// and sorting (sortBy).

#include "scim/schema.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace scim {

// Orders two attribute values per the attribute's type and caseExact
// (strings case-insensitively unless caseExact; dateTime chronologically;
// numbers numerically). Returns <0, 0, >0.
int compare_values(const boost::json::value& a, const boost::json::value& b, const attribute& attr);

// The value at `path` in a canonical resource, or nullptr. For a
// multi-valued attribute with a sub-attribute, the value of the primary
// element (else the first): what sortBy uses (RFC 7644 §3.4.2.3).
const boost::json::value* find_sort_value(const boost::json::object& resource, const resolved_attribute& path);

} // namespace scim
