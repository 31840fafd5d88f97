#include "fuzz_schemas.hpp"

namespace fuzz {

const std::shared_ptr<const scim::schema_registry>& schema_set()
{
    static const std::shared_ptr<const scim::schema_registry> loaded =
        scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return loaded;
}

const scim::schema_registry& schemas()
{
    return *schema_set();
}

const scim::resource_type& user_type()
{
    return *schemas().find_resource_type("User");
}

const scim::resource_type& group_type()
{
    return *schemas().find_resource_type("Group");
}

} // namespace fuzz
