#pragma once
// Customer directory API (seed 002): /api/v1|v2/customers/{customerId}/users.
// There is no create: accounts are seeded through POST /_sim/seed.
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_customer_directory();
}
