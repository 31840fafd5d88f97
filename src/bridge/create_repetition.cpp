#include "bridge/create_repetition.hpp"

#include "connector/backoff.hpp"

namespace bridge {

std::optional<std::chrono::milliseconds>
create_repetition::wait_before_next(const connector::vendor_result& failed, unsigned pass,
                                    std::chrono::steady_clock::time_point now, double random_unit) const
{
    const auto wait = policy.honour_retry_after && failed.outcome.retry_after
                          ? std::chrono::duration_cast<std::chrono::milliseconds>(*failed.outcome.retry_after)
                          : connector::backoff_delay(policy, pass, random_unit);
    if (deadline != std::chrono::steady_clock::time_point::max() && now + wait >= deadline)
        return std::nullopt;
    return wait;
}

} // namespace bridge
