#include "bridge/correlation_lookup.hpp"

namespace bridge {

mapping::reference_lookup correlation_lookup(std::shared_ptr<store::correlation_store> correlation, std::string target)
{
    return [correlation = std::move(correlation), target = std::move(target)](
               std::string_view type, std::string_view id,
               mapping::lookup_direction direction) -> std::optional<std::string> {
        if (!correlation)
            return std::nullopt;
        return direction == mapping::lookup_direction::scim_to_vendor ? correlation->vendor_id(target, type, id)
                                                                       : correlation->scim_id(target, type, id);
    };
}

} // namespace bridge
