#pragma once
// The path_checker the loader uses in production: SCIM paths resolved
// against the deployed schemas (scim::resolve), names made canonical.

#include "mapping/scim_path.hpp"
#include "scim/schema.hpp"

namespace mapping {

// `registry` must outlive the returned checker.
path_checker schema_path_checker(const scim::schema_registry& registry);

} // namespace mapping
