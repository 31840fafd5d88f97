#pragma once
// Helpers shared by the add, replace and remove operations: selecting and
// building elements of multi-valued attributes, mutability, `primary`.

#include "scim/filter.hpp"
#include "scim/patch_document.hpp"
#include "scim/patch_target.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace scim {

// Positions of the elements of `elements` that the value filter selects.
std::vector<std::size_t> matching_positions(const boost::json::array& elements, const filter_node& filter,
                                            const attribute& multi_valued);

// The comparisons and presence tests a filter puts each element through:
// what one pass of matching_positions costs per element, for
// patch_document::examine (a path may hold a filter of thousands of terms).
std::size_t filter_terms(const filter_node& filter);

// When the filter is exactly `value eq "…"`, the literal: such a filter
// names one value by identity, which the document's index answers directly.
const boost::json::string* value_eq_literal(const filter_node& filter);

// The element an add or replace through a value filter creates when no
// element matches (IDP-COMPAT 3): the filter's equalities as sub-attributes,
// e.g. {"type": "work"} for `emails[type eq "work"]`. A filter that is not a
// conjunction of equalities describes no single element: 400 noTarget.
boost::json::object element_from_filter(const filter_node& filter, const attribute& multi_valued);

// Values that refer to another resource (group members, manager) are
// identified by their `value` alone: the same id is the same member,
// whatever its display name.
bool identified_by_value(const attribute& attr);

// After elements were written, a `primary: true` among them clears `primary`
// on every other element (RFC 7643 §2.4: at most one primary).
void keep_single_primary(boost::json::array& elements, const std::vector<std::size_t>& written,
                         const attribute& multi_valued);

// RFC 7644 §3.5.2: readOnly attributes cannot be changed and immutable ones
// only set once. Returns false when the write would change nothing (so an
// IdP echoing a read-only value is not refused); throws 400 mutability when
// it would change a value it may not.
bool may_write(patch_document& doc, const resolved_attribute& where, const boost::json::value& value);

// The current value at `where` (attribute, or sub-attribute of a
// single-valued complex attribute), or nullptr.
const boost::json::value* current_value(patch_document& doc, const resolved_attribute& where);

// add and replace of a single-valued attribute, of a sub-attribute, and
// through a value filter, which behave the same for both operations.
void assign_single(patch_document& doc, const resolved_attribute& where, boost::json::value value);
void assign_sub(patch_document& doc, const resolved_attribute& where, const boost::json::value& value);
void assign_filtered(patch_document& doc, const patch_target& target, const boost::json::value& value);

} // namespace scim
