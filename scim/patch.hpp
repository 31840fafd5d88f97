#pragma once
// The PATCH engine (RFC 7644 §3.5.2): add / remove / replace, with and
// without path, value-filter paths, extension URN paths, plus everything
// Entra ID and Okta really send (docs/idp/quirks.md).

#include "scim/schema.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace scim {

// Applies a PatchOp request body to a canonical resource and returns the
// new canonical resource. All-or-nothing: the input is never modified and
// any failing operation throws scim::error (invalidPath, noTarget,
// invalidValue, mutability, invalidSyntax) with nothing applied.
boost::json::object apply_patch(const boost::json::object& resource, const boost::json::value& patch_request,
                                const resource_type& type);

} // namespace scim
