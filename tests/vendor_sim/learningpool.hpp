#pragma once
// Learning Pool Provisioning API (seed 004): asynchronous writes tracked
// through /progress-status/{request-id}.
#include "vendor.hpp"

namespace vendor_sim {
std::unique_ptr<vendor> make_learningpool();
}
