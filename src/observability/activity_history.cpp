#include "observability/activity_history.hpp"

namespace observability {

namespace {

activity_totals difference(const activity_totals& later, const activity_totals& earlier)
{
    // A counter never goes down; a target that appeared since counts from 0.
    const auto minus = [](std::uint64_t a, std::uint64_t b) { return a >= b ? a - b : a; };
    return {minus(later.requests, earlier.requests), minus(later.request_errors, earlier.request_errors),
            minus(later.vendor_calls, earlier.vendor_calls), minus(later.vendor_failures, earlier.vendor_failures)};
}

const activity_totals& totals_of(const activity_by_target& sample, const std::string& target)
{
    static const activity_totals none;
    const auto found = sample.find(target);
    return found == sample.end() ? none : found->second;
}

} // namespace

void activity_history::sample(activity_by_target totals)
{
    const std::lock_guard lock(mutex_);
    samples_.push_back(std::move(totals));
    // intervals_ - 1 closed intervals need intervals_ samples.
    while (samples_.size() > intervals_)
        samples_.pop_front();
}

std::map<std::string, std::vector<activity_totals>, std::less<>>
activity_history::series(const activity_by_target& now_totals) const
{
    std::deque<activity_by_target> samples;
    {
        const std::lock_guard lock(mutex_);
        samples = samples_;
    }
    samples.push_back(now_totals);
    std::map<std::string, std::vector<activity_totals>, std::less<>> result;
    for (const auto& [target, totals] : now_totals) {
        auto& line = result[target];
        // Intervals before the first sample are empty.
        line.assign(intervals_ - (samples.size() - 1), activity_totals{});
        for (std::size_t i = 1; i < samples.size(); ++i)
            line.push_back(difference(totals_of(samples[i], target), totals_of(samples[i - 1], target)));
    }
    return result;
}

} // namespace observability
