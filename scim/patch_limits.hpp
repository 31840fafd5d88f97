#pragma once
// The bounds of one PATCH request, and apply_patch with explicit bounds for
// callers that take them from configuration (scim/patch.hpp's overload uses
// the defaults).

#include "scim/patch.hpp"

#include <cstddef>

namespace scim {

// Every input is bounded: a PatchOp with more operations than this is
// refused before any work is done. Neither Entra ID nor Okta sends more than
// a few hundred in one request.
struct patch_limits {
    std::size_t max_operations = 10'000;
};

boost::json::object apply_patch(const boost::json::object& resource, const boost::json::value& patch_request,
                                const resource_type& type, const patch_limits& limits);

} // namespace scim
