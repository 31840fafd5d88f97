#pragma once
// The values behind metric series. Updated on the request path, so each is
// a relaxed atomic: no lock, no allocation; a scrape reads them while they
// move, which Prometheus tolerates (every value is monotonic or a level).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>

namespace observability {

class counter {
public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class gauge {
public:
    void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
    void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

// Cumulative buckets as Prometheus defines them, kept per bucket (not
// cumulative) so that an observation touches one bucket, the count and the
// sum; the encoder adds them up at scrape time.
class histogram {
public:
    // `upper_bounds` (seconds, ascending) must outlive the histogram.
    explicit histogram(std::span<const double> upper_bounds);

    void observe(std::chrono::nanoseconds duration) noexcept;

    std::span<const double> upper_bounds() const noexcept { return bounds_; }
    // Observations in bucket i alone (i == bounds.size(): above the last bound).
    std::uint64_t bucket(std::size_t i) const noexcept { return buckets_[i].load(std::memory_order_relaxed); }
    double sum_seconds() const noexcept;

private:
    std::span<const double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
    std::atomic<std::uint64_t> sum_ns_{0};
};

// 1 ms to 60 s: SCIM requests are answered in about a millisecond from the
// store and may take up to the identity providers' 60 s when a vendor is slow.
std::span<const double> latency_buckets() noexcept;

} // namespace observability
