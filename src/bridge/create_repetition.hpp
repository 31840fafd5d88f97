#pragma once
// Whether, and after how long, a create whose answer left open if the vendor
// applied it (a timeout, a reset after sending, a 502/504) is tried again.
// Only a create that looks up first is: the look-up of the next pass finds
// the account the first one made and links it, so nothing is duplicated.

#include "connector/connection_config.hpp"
#include "connector/vendor_outcome.hpp"

#include <chrono>
#include <optional>

namespace bridge {

struct create_repetition {
    bool looks_up_first = false;                 // the rendered create has a look-up
    connector::retry_policy policy;              // the mapping's retry settings
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

    // May pass `pass` (from 1) leave a create that may have been applied
    // unthrown, for another pass to follow?
    bool allows_another(unsigned pass) const { return looks_up_first && pass < policy.max_attempts; }

    // The wait before pass `pass` + 1, or nothing when it would pass the
    // deadline. The vendor's Retry-After wins over the backoff when honoured.
    std::optional<std::chrono::milliseconds> wait_before_next(const connector::vendor_result& failed, unsigned pass,
                                                              std::chrono::steady_clock::time_point now,
                                                              double random_unit) const;
};

} // namespace bridge
