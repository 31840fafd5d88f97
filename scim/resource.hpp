#pragma once
// Resources in canonical form, and the conversions at the edges.
//
// Canonical form: a boost::json::object whose keys are the schema's own
// spelling of each attribute ("userName", "name": {"givenName": …}); the
// attributes of an extension schema live in an object under the extension's
// URN key; values have their declared JSON types (true, not "True"); no
// nulls (null means unassigned, RFC 7643 §2.5); `schemas` lists the core URN
// and each extension present. Every other module may rely on this form.

#include "scim/attribute_path.hpp"
#include "scim/filter.hpp"
#include "scim/schema.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <vector>

namespace scim {

// Client JSON (POST/PUT body) -> canonical form. Forgiving where identity
// providers are sloppy (IDP-COMPAT: any case of names, booleans as strings,
// URN-qualified or dotted keys, unknown attributes and schema URIs ignored,
// nulls dropped), strict where the RFC is (a string where an object is
// required is 400 invalidValue; a detail names the attribute). Read-only
// attributes (id, meta, groups) are dropped, not rejected.
boost::json::object normalize_resource(const boost::json::object& input, const resource_type& type);

// One attribute's value -> canonical form (used by PATCH). For a
// multi-valued attribute a single element or an array is accepted and an
// array is returned.
boost::json::value normalize_value(const boost::json::value& input, const attribute& attr);

// The most values a multi-valued attribute may hold, group members aside
// (emails, phoneNumbers, roles, ...: a person has a handful). The bound keeps
// each PATCH `add`, which compares a new value with those present, cheap:
// without it 10,000 adds to one attribute cost seconds of CPU.
inline constexpr std::size_t max_values_per_attribute = 100;

// Checks a resource about to be stored: required attributes present,
// canonical values respected where the RFC fixes them, at most one
// `primary: true` per multi-valued attribute, at most
// max_values_per_attribute values in each but members, immutable
// attributes not changed from `previous` (when given). Throws scim::error.
void validate_resource(const boost::json::object& resource, const resource_type& type,
                       const boost::json::object* previous);

// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) plus `returned`:
// never/writeOnly are never returned, `always` always, `request` only when
// asked for.
//
// A value filter on a multi-valued attribute (`emails[type eq "work"]`, also
// `emails[type eq "work"].value`), which Microsoft's Entra ID test collection
// sends: in `attributes` the attribute is shown with its matching elements
// only (an element it also names unfiltered shows them all); in
// `excludedAttributes` its matching elements are left out.
struct filtered_path {
    attribute_path path;  // the attribute, and the sub-attribute after ']'
    filter_ptr elements;
};
struct projection {
    std::vector<attribute_path> attributes;
    std::vector<attribute_path> excluded_attributes;
    std::vector<filtered_path> filtered_attributes;
    std::vector<filtered_path> filtered_excluded;
    bool empty() const
    {
        return attributes.empty() && excluded_attributes.empty() && filtered_attributes.empty() &&
               filtered_excluded.empty();
    }
};
// Parses the comma-separated query parameters (throws 400 invalidPath, or
// invalidFilter for a malformed value filter).
projection parse_projection(std::string_view attributes, std::string_view excluded_attributes);
// What projecting would refuse of `p` for `type` (a value filter comparing
// what the RFC forbids: 400 invalidFilter), checked before a write so that
// a refusal never follows a change.
void check_projection(const projection& p, const resource_type& type);
boost::json::object project(const boost::json::object& resource, const resource_type& type, const projection& p);

} // namespace scim
