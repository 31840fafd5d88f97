#pragma once
// What a request's templates read: the loader checks the placeholders
// against where the request is, and an update request that is sent names
// the changed SCIM values they read (what the vendor then holds, should a
// later call of the sequence fail).

#include "mapping/request_spec.hpp"

#include <vector>

namespace mapping {

// Every placeholder in the request's path, query, headers, body, match and only_if.
std::vector<const placeholder*> placeholders_of(const request_spec& request);

// The `${scim.…}` paths among them.
std::vector<const scim_path*> scim_reads(const request_spec& request);

} // namespace mapping
