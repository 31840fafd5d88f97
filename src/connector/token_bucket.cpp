#include "connector/token_bucket.hpp"

#include <algorithm>

namespace connector {

token_bucket::token_bucket(double requests_per_second)
    : rate_(requests_per_second), capacity_(std::max(1.0, requests_per_second)), tokens_(capacity_)
{
}

std::optional<token_bucket::clock::duration> token_bucket::reserve(clock::time_point now, clock::time_point latest)
{
    if (rate_ <= 0)
        return clock::duration::zero();
    std::lock_guard lock(mutex_);
    if (last_ != clock::time_point{}) {
        const double elapsed = std::chrono::duration<double>(now - last_).count();
        tokens_ = std::min(capacity_, tokens_ + std::max(0.0, elapsed) * rate_);
    }
    last_ = std::max(last_, now);
    const auto wait = std::chrono::duration_cast<clock::duration>(
        std::chrono::duration<double>(tokens_ >= 1.0 ? 0.0 : (1.0 - tokens_) / rate_));
    if (now + wait > latest)
        return std::nullopt;
    tokens_ -= 1.0;
    return wait;
}

} // namespace connector
