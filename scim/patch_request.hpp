#pragma once
// The PatchOp message (RFC 7644 §3.5.2) parsed into a list of operations,
// before any of them touches a resource.

#include "scim/patch_limits.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace scim {

enum class patch_op_kind { add, replace, remove };

struct patch_operation {
    patch_op_kind op;
    std::optional<std::string> path;  // nullopt when absent, null or blank
    boost::json::value value;         // null when absent
};

// Throws scim::error 400 invalidSyntax when the body is not a PatchOp
// (schemas without the PatchOp URN, Operations missing or empty, an unknown
// op, a path that is not a string, add/replace without a value, more
// operations than the limit) and 400 noTarget for a remove without a path.
std::vector<patch_operation> parse_patch_request(const boost::json::value& body, const patch_limits& limits);

} // namespace scim
