#include "server/accept_backoff.hpp"

#include <boost/asio/error.hpp>

#include <algorithm>

namespace server {

accept_backoff::decision accept_backoff::failed(const boost::system::error_code& error, clock::time_point now)
{
    decision next;
    ++unlogged_;
    if (!last_line_ || now - *last_line_ >= log_interval) {
        next.log_failures = unlogged_;
        unlogged_ = 0;
        last_line_ = now;
    }
    if (error == boost::asio::error::connection_aborted)
        return next;
    wait_ = wait_.count() == 0 ? first_wait : std::min(wait_ * 2, longest_wait);
    next.wait = wait_;
    return next;
}

const char* accept_backoff::reason_of(const boost::system::error_code& error)
{
    if (error == boost::asio::error::no_descriptors || error == boost::system::errc::too_many_files_open_in_system)
        return "descriptors";
    if (error == boost::asio::error::no_buffer_space || error == boost::asio::error::no_memory)
        return "memory";
    if (error == boost::asio::error::connection_aborted)
        return "aborted";
    return "other";
}

} // namespace server
