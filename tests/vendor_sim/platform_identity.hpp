#pragma once
// "Platform | User" identity service (seed 001): api/{tenantKey}/{orgKey}/identity/users.
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_platform_identity();
}
