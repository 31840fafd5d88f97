#include "server/descriptor_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace server {

std::uint64_t raise_descriptor_limit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(limit.rlim_cur);
}

std::size_t connections_within(std::size_t wanted, std::uint64_t descriptor_limit, std::size_t reserved)
{
    if (descriptor_limit <= reserved)
        return 0;
    const auto room = (descriptor_limit - reserved) / 2;
    return static_cast<std::size_t>(std::min<std::uint64_t>(wanted, room));
}

} // namespace server
