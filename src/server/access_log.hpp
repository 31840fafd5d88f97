#pragma once
// One line per request (server/log_line.hpp: the events' keys, event
// http_request). At tens of thousands of requests per second a
// write per line would serialise every I/O thread on the output, so lines
// are appended to a buffer under a short lock and written out in blocks:
// when the buffer is large, on flush() (the server calls it periodically)
// and at destruction.

#include "config/server_config.hpp"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace server {

struct access_record {
    std::chrono::system_clock::time_point time;
    std::string_view request_id;
    std::string_view remote;
    std::string_view target;          // the SCIM target (tenant), if known
    std::string_view method;
    std::string_view request_target;  // path and query as received; redacted here
    unsigned status = 0;
    double latency_ms = 0;
    std::size_t bytes = 0;  // response body bytes
};

class access_log {
public:
    explicit access_log(std::FILE* out, config::log_format format = config::log_format::json,
                        config::query_logging queries = config::query_logging::keep);
    explicit access_log(std::ostream& out, config::log_format format = config::log_format::json,
                        config::query_logging queries = config::query_logging::keep);
    ~access_log();
    access_log(const access_log&) = delete;
    access_log& operator=(const access_log&) = delete;

    void record(const access_record& entry);
    void flush();
    // Lines dropped because the output could not keep up.
    std::size_t dropped() const;

private:
    std::function<void(std::string_view)> sink_;
    const config::log_format format_;
    const config::query_logging queries_;
    std::mutex output_mutex_;  // orders blocks on the output; taken before buffer_mutex_
    mutable std::mutex buffer_mutex_;
    std::string buffer_;
    std::size_t dropped_ = 0;
};

} // namespace server
