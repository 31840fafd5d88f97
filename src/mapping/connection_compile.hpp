#pragma once
// Binding a loaded connection section to one deployment: parameters and
// secrets rendered, the result in the connector's own structs.

#include "connector/connection_config.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"

#include <string>
#include <variant>

namespace mapping {

// The connector configuration, or a message naming what could not be
// resolved (a missing parameter or secret, an invalid base URL).
std::variant<connector::connection_config, std::string> compile_connection(const mapping_file& mapping,
                                                                            const parameter_map& parameters,
                                                                            const secret_resolver& secrets);

// The mapping's retry settings in the connector's terms (no template in them).
connector::retry_policy retry_policy_of(const connection_spec& connection);

// The base URL alone (for dry runs and logs; it holds no secret).
render_outcome render_base_url(const mapping_file& mapping, const parameter_map& parameters);

} // namespace mapping
