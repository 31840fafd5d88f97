#pragma once
// A SCIM attribute path as a mapping uses it (`name.givenName`,
// `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:manager.value`),
// and reading/writing the value it names in a canonical resource.

#include "scim/filter.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mapping {

struct scim_path {
    std::string text;            // as written in the mapping file
    std::string urn;             // extension schema URN; empty for the core schema
    std::string attribute;       // top-level attribute
    scim::filter_ptr filter;     // value filter on a multi-valued attribute, or null
    std::string sub_attribute;   // empty when the path names the whole attribute
};

// Parses with scim::parse_patch_path. Returns the path, or the parser's
// message when the text is not a valid path.
std::variant<scim_path, std::string> parse_scim_path(std::string_view text);

// Checks a parsed path against the schemas of `resource_type` ("User",
// "Group"); may rewrite names to their canonical spelling. Returns a message
// when the path names no attribute. Supplied by the caller of the loader so
// that the mapping can be checked against whatever schemas are deployed.
using path_checker = std::function<std::optional<std::string>(std::string_view resource_type, scim_path& path)>;

// The value a path names in a canonical resource, or nullptr. A
// multi-valued attribute without a filter yields its primary element (else
// the first) when a sub-attribute is named, else the whole array. Names
// match case-insensitively, as SCIM attribute names do.
const boost::json::value* find_value(const boost::json::object& resource, const scim_path& path);

// Whether the path names a write-only attribute (RFC 7643: the core
// User's `password`, the only one the SCIM schemas declare writeOnly): its
// value is masked wherever a request carrying it is shown.
bool write_only(const scim_path& path);

// Writes `value` where the path names it, creating objects on the way; for a
// filtered path the matching element is updated, or a new element is added
// carrying the filter's `eq` comparisons (`emails[type eq "work"].value`
// creates {"type": "work", "value": …}).
void assign_value(boost::json::object& resource, const scim_path& path, boost::json::value value);

} // namespace mapping
