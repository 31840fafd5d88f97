#pragma once
// Twiser LXP backoffice (seed 000, "LXP User Integration Document V1").
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_twiser_lxp();
}
