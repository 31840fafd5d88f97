#pragma once
// Attributes whose value depends on the deployment alone (a `value:` made of
// literal text and ${param.…}) render the same on every request. They are
// checked once when a target is bound to its parameters, so that a parameter
// a transform cannot convert (companyId "36O" through `integer`) stops the
// bridge at start-up, naming the parameter, instead of failing every write
// later as if the identity provider had sent an invalid value.

#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"

#include <string>
#include <vector>

namespace mapping {

// One message per attribute that cannot be rendered; empty when all can.
std::vector<std::string> check_deployment_constants(const mapping_file& mapping, const parameter_map& parameters);

} // namespace mapping
