#include "connector/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace connector {

std::chrono::milliseconds backoff_delay(const retry_policy& policy, unsigned retry, double random_unit)
{
    const double exponent = retry > 0 ? static_cast<double>(std::min(retry, 32u) - 1) : 0.0;
    const double base = std::min(static_cast<double>(policy.initial_backoff.count()) * std::pow(2.0, exponent),
                                 static_cast<double>(policy.max_backoff.count()));
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    const double factor = 1.0 + jitter * (2.0 * random_unit - 1.0);
    return std::chrono::milliseconds{static_cast<long long>(std::max(0.0, base * factor))};
}

double random_unit()
{
    thread_local std::mt19937 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

} // namespace connector
