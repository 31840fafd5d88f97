#pragma once
// How long to wait before retry number n: exponential, capped, jittered so
// that many clients refused together do not come back together.

#include "connector/connection_config.hpp"

#include <chrono>

namespace connector {

// `retry` counts from 1; `random_unit` is uniform in [0, 1) and supplied by
// the caller so that the schedule itself is deterministic and testable.
std::chrono::milliseconds backoff_delay(const retry_policy& policy, unsigned retry, double random_unit);

// A uniform value in [0, 1) for the jitter (a per-thread generator).
double random_unit();

} // namespace connector
