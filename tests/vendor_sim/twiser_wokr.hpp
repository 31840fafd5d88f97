#pragma once
// Twiser Wokr identity service (seed 000, "Wokr User Integration Document V2.1").
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_twiser_wokr();
}
