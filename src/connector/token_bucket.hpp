#pragma once
// The per-target request-rate limit. Callers reserve a slot and then wait
// the returned time on their own timer, so no thread ever sleeps here and
// slots are handed out in the order they were asked for.

#include <chrono>
#include <mutex>
#include <optional>

namespace connector {

class token_bucket {
public:
    using clock = std::chrono::steady_clock;

    // 0 requests per second = unlimited. Bursts up to one second's worth.
    explicit token_bucket(double requests_per_second);

    // How long the caller must wait before sending; nullopt (and nothing
    // reserved) when that would be later than `latest`.
    std::optional<clock::duration> reserve(clock::time_point now, clock::time_point latest);

private:
    std::mutex mutex_;
    double rate_;
    double capacity_;
    double tokens_;  // may go negative: slots already promised to waiting callers
    clock::time_point last_{};
};

} // namespace connector
