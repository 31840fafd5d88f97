#pragma once
// Retail checklist system (seed 003): users with an org-structure level.
// The document gives no URLs or auth: /api/v1/users and a bearer token.
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_retail_checklists();
}
