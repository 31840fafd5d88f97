#pragma once
// The bounds of one PATCH request, and apply_patch with explicit bounds for
// callers that take them from configuration (scim/patch.hpp's overload uses
// the defaults).
//
// Each bound keeps the CPU one request may cost small (issue 13: under 50 ms
// for the costliest request accepted), whatever the size of the resource it
// edits. What identity providers send stays far inside them: Entra ID sends
// one member per PATCH, Okta members in batches, neither more than a few
// hundred operations in one request.

#include "scim/patch.hpp"

#include <cstddef>

namespace scim {

struct patch_limits {
    // A PatchOp with more operations than this is refused (400 invalidSyntax)
    // before any is applied. 10,000 operations of the cheapest kind already
    // cost as much as the whole 50 ms.
    std::size_t max_operations = 1'000;
    // The member values (elements of an attribute whose elements refer to
    // other resources: a group's `members`) one PATCH may name in add,
    // remove and replace values, refused (400 invalidValue) before any
    // operation is applied. Each member changed is a row written to the
    // store and its reverse index; resource_service applies the same number
    // to the membership a write actually changes, which also bounds a
    // `remove members` without a filter or a PUT.
    std::size_t max_member_values = 1'000;
    // Elements of multi-valued attributes one PATCH may examine beyond one
    // pass over each attribute, an element counted once per term of the
    // filter it goes through (value filters that the `value` index cannot
    // answer, e.g. `members[display eq "x"]`, re-indexing after such an
    // edit, comparing each value an `add` brings with those present).
    // Without it, 1,000 such operations on a group of 10,000 members examine
    // ten million elements, and so does one operation whose filter has
    // 1,000 terms (200 ms). Refused with 400 tooMany. 100,000 is 10-20 ms.
    std::size_t max_elements_examined = 100'000;
};

boost::json::object apply_patch(const boost::json::object& resource, const boost::json::value& patch_request,
                                const resource_type& type, const patch_limits& limits);

} // namespace scim
