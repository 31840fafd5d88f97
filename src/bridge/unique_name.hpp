#pragma once
// The one uniqueness rule of the bridge: a User's userName and a Group's
// displayName are unique per target, compared case-insensitively (RFC 7643
// gives userName caseExact false; both identity providers expect 409 for a
// second group of one name). The store enforces it with a unique index;
// this says which attribute and which index column carry it.

#include "store/resource_store.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace bridge {

// "userName", "displayName", or null for a type without a unique name.
const char* unique_name_attribute(std::string_view type);

// The store column that finds the holders of a unique name.
store::indexed_column unique_name_column(std::string_view type);

// The resource's unique name, if it has one.
std::optional<std::string> unique_name_of(std::string_view type, const boost::json::object& resource);

} // namespace bridge
