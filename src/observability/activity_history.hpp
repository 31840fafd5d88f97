#pragma once
// Each target's activity per interval (a minute) over the last hour, for
// the status page's charts. Taken from the metrics' counters by sampling
// their totals once an interval on the admin listener's thread: the request
// path pays nothing for it.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace observability {

struct activity_totals {
    std::uint64_t requests = 0;
    std::uint64_t request_errors = 0;  // 5xx answers
    std::uint64_t vendor_calls = 0;
    std::uint64_t vendor_failures = 0;  // not ok: refused, 5xx, no answer
};
using activity_by_target = std::map<std::string, activity_totals, std::less<>>;

class activity_history {
public:
    explicit activity_history(std::size_t intervals = 60) : intervals_(intervals) {}

    // Keeps `totals` (the counters now) as the end of an interval.
    void sample(activity_by_target totals);

    // Per target, oldest interval first, `intervals` of them; the last is
    // the one still running (from the last sample to `now_totals`).
    std::map<std::string, std::vector<activity_totals>, std::less<>> series(const activity_by_target& now_totals) const;

private:
    const std::size_t intervals_;
    mutable std::mutex mutex_;
    std::deque<activity_by_target> samples_;  // oldest first, at most intervals_
};

} // namespace observability
