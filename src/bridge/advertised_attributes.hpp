#pragma once
// The attributes a vendor target can carry, from its mapping: what its
// /Schemas and /ResourceTypes advertise. A resource type the mapping does
// not provision is served from the store alone and advertised whole.

#include "mapping/mapping_file.hpp"
#include "scim/advertised_schemas.hpp"
#include "scim/schema.hpp"

namespace bridge {

scim::attribute_selection advertised_attributes(const mapping::mapping_file& mapping,
                                                const scim::schema_registry& schemas);

} // namespace bridge
