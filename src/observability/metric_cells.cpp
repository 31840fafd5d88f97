#include "observability/metric_cells.hpp"

#include <algorithm>
#include <array>

namespace observability {

histogram::histogram(std::span<const double> upper_bounds)
    : bounds_(upper_bounds), buckets_(new std::atomic<std::uint64_t>[upper_bounds.size() + 1])
{
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
        buckets_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(std::chrono::nanoseconds duration) noexcept
{
    const auto ns = std::max<std::int64_t>(0, duration.count());
    const double seconds = static_cast<double>(ns) / 1e9;
    // A dozen bounds: a linear scan beats a binary search's branches.
    std::size_t i = 0;
    while (i < bounds_.size() && seconds > bounds_[i])
        ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
}

double histogram::sum_seconds() const noexcept
{
    return static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
}

std::span<const double> latency_buckets() noexcept
{
    static constexpr std::array<double, 15> bounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                   0.5,   1,      2.5,   5,    10,    30,   60};
    return bounds;
}

} // namespace observability
