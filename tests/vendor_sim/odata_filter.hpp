#pragma once
// The OData subset the platform-identity simulator understands:
//   $filter=field eq 'text' [and field eq true ...]
// Literals: 'quoted text' (with '' for a quote), true, false, null, numbers.

#include "sim_types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vendor_sim {

struct odata_clause {
  std::string field;
  json::value literal;
};

// nullopt when the expression is outside the subset; error says why.
std::optional<std::vector<odata_clause>> parse_odata_filter(std::string_view text, std::string& error);

}  // namespace vendor_sim
