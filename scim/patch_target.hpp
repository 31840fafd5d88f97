#pragma once
// What one PATCH operation acts on, and the value it carries, both brought
// to the resource type's terms before any edit.

#include "scim/filter.hpp"
#include "scim/patch_document.hpp"
#include "scim/patch_request.hpp"
#include "scim/schema.hpp"

#include <boost/json/value.hpp>

#include <string_view>

namespace scim {

struct patch_target {
    resolved_attribute where;               // attribute, and sub-attribute when no filter
    filter_ptr filter;                      // value filter, or null
    const attribute* filtered_sub = nullptr;  // the ".subAttr" after "]", or null
};

// Resolves a PATCH path. Unknown attributes and malformed paths are 400
// invalidPath; a filter on a single-valued attribute, or a sub-attribute of
// a multi-valued attribute without a filter, is 400 invalidPath as well.
patch_target resolve_patch_target(const resource_type& type, std::string_view path);

// The value an operation carries, in canonical form for `attr` (bare ids
// for members and manager accepted, IDP-COMPAT 10). Null stays null.
boost::json::value normalize_patch_value(const boost::json::value& input, const attribute& attr);

// Applies one operation whose path has been resolved.
void apply_add(patch_document& doc, const patch_target& target, const boost::json::value& value);
void apply_replace(patch_document& doc, const patch_target& target, const boost::json::value& value);
void apply_remove(patch_document& doc, const patch_target& target, const boost::json::value& value);

// add / replace without a path: every key of the value object is applied as
// its own operation (RFC 7644 §3.5.2.1, §3.5.2.3; IDP-COMPAT 2, 7, 8).
void apply_without_path(patch_document& doc, patch_op_kind op, const boost::json::value& value);

} // namespace scim
