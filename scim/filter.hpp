#pragma once
// SCIM filters (RFC 7644 §3.4.2.2): the full grammar, as an immutable tree,
// and PATCH paths (RFC 7644 §3.5.2), which embed value filters.

#include "scim/attribute_path.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace scim {

enum class compare_op { eq, ne, co, sw, ew, gt, ge, lt, le };

struct filter_node;
using filter_ptr = std::shared_ptr<const filter_node>;

// `attrPath pr`
struct presence_filter {
    attribute_path path;
};
// `attrPath op value`; value is a string, number, true/false or null.
struct compare_filter {
    attribute_path path;
    compare_op op;
    boost::json::value value;
};
// `a and b`, `a or b`
struct logical_filter {
    bool is_and;
    filter_ptr left;
    filter_ptr right;
};
// `not (a)`
struct not_filter {
    filter_ptr inner;
};
// `emails[type eq "work" and value co "@x"]`: inner paths are relative to
// one element of the multi-valued attribute `path`.
struct value_path_filter {
    attribute_path path;
    filter_ptr inner;
};

struct filter_node {
    std::variant<presence_filter, compare_filter, logical_filter, not_filter, value_path_filter> node;
};

// Parses a filter expression. Throws scim::error (400 invalidFilter) naming
// the position and what was expected.
filter_ptr parse_filter(std::string_view text);

// True when `resource` (canonical form, see scim/resource.hpp) matches.
// Attribute names resolve against `type`; caseExact and attribute types
// decide how values compare. A comparison the RFC forbids (gt on a boolean,
// ordering on a complex attribute) throws 400 invalidFilter.
bool matches(const filter_node& filter, const boost::json::object& resource, const resource_type& type);

// Refuses, before any resource is read, what `matches` would refuse on the
// first resource: a comparison the RFC forbids anywhere in the filter
// (RFC 7644 §3.4.2.2: `active gt true` is invalidFilter even when no
// resource exists). Throws scim::error (400 invalidFilter).
void check_filter(const filter_node& filter, const resource_type& type);
// The same for a value filter on the elements of `multi_valued_attribute`.
void check_element_filter(const filter_node& filter, const attribute& multi_valued_attribute);

// Evaluates a value filter against one element of a multi-valued attribute.
bool element_matches(const filter_node& filter, const boost::json::value& element,
                     const attribute& multi_valued_attribute);

// A PATCH path: `attrPath`, or `attrPath[valFilter]`, or
// `attrPath[valFilter].subAttr`.
struct patch_path {
    attribute_path attribute;        // the attribute (and sub-attribute when no filter)
    filter_ptr value_filter;         // null when the path has no [...]
    std::string filtered_sub_attribute;  // the ".subAttr" after "]", or empty
};

// Throws scim::error (400 invalidPath).
patch_path parse_patch_path(std::string_view text);

// When `filter` implies `attribute eq "value"` for one attribute the store
// indexes (it is such a comparison, or an `and` with one among its operands),
// returns that comparison so the store can narrow candidates before the full
// evaluation. Only string values qualify, and unquoted integers (old Entra
// ID `externalId eq 701984`), given as their decimal text.
struct equality_hint {
    resolved_attribute attribute;
    std::string value;
};
std::optional<equality_hint> find_equality_hint(const filter_node& filter, const resource_type& type);

} // namespace scim
