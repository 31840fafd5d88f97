#pragma once
// The schemas every fuzz target resolves attributes against: the project's
// own schemas/ folder, loaded once per process.

#include "scim/schema.hpp"

#include <memory>

namespace fuzz {

const std::shared_ptr<const scim::schema_registry>& schema_set();
const scim::schema_registry& schemas();
const scim::resource_type& user_type();
const scim::resource_type& group_type();

} // namespace fuzz
