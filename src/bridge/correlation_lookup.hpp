#pragma once
// The mapping's reference look-up (a manager's id, a member's) answered by
// a target's correlation table.

#include "mapping/render_scope.hpp"
#include "store/correlation_store.hpp"

#include <memory>
#include <string>

namespace bridge {

// Answers nothing when `correlation` is null.
mapping::reference_lookup correlation_lookup(std::shared_ptr<store::correlation_store> correlation, std::string target);

} // namespace bridge
