#include "observability/vendor_errors.hpp"

namespace observability {

void vendor_error_log::record(vendor_error error)
{
    const std::lock_guard lock(mutex_);
    errors_.push_back(std::move(error));
    while (errors_.size() > capacity_)
        errors_.pop_front();
}

std::optional<vendor_error> vendor_error_log::last(std::string_view target) const
{
    const std::lock_guard lock(mutex_);
    for (auto it = errors_.rbegin(); it != errors_.rend(); ++it)
        if (it->target == target)
            return *it;
    return std::nullopt;
}

std::vector<vendor_error> vendor_error_log::recent(std::size_t count) const
{
    const std::lock_guard lock(mutex_);
    std::vector<vendor_error> result;
    for (auto it = errors_.rbegin(); it != errors_.rend() && result.size() < count; ++it)
        result.push_back(*it);
    return result;
}

vendor_error_log& process_vendor_errors()
{
    static vendor_error_log log;
    return log;
}

} // namespace observability
