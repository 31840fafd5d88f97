#pragma once
// Server events (start, stop, failures), one line each in the format of
// server/log_line.hpp. Rare enough to write each line straight through;
// fields whose name looks like a credential are masked, so a careless call
// site cannot leak a secret. The fields request_id, target and vendor_call
// (or vendor_request) fill the line's fixed keys.

#include "config/server_config.hpp"

#include <atomic>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string_view>

namespace server {

struct log_field {
    std::string_view key;
    std::string_view value;
};

class logger {
public:
    explicit logger(config::log_level minimum = config::log_level::info, std::FILE* out = stderr,
                    config::log_format format = config::log_format::json);

    bool enabled(config::log_level level) const noexcept
    {
        return level >= minimum_.load(std::memory_order_relaxed);
    }
    // At run time (the admin listener's /log-level): lines already being
    // written are not affected.
    void set_minimum(config::log_level level) noexcept { minimum_.store(level, std::memory_order_relaxed); }
    config::log_level minimum() const noexcept { return minimum_.load(std::memory_order_relaxed); }

    void log(config::log_level level, std::string_view event, std::initializer_list<log_field> fields = {});
    void debug(std::string_view event, std::initializer_list<log_field> fields = {});
    void info(std::string_view event, std::initializer_list<log_field> fields = {});
    void warn(std::string_view event, std::initializer_list<log_field> fields = {});
    void error(std::string_view event, std::initializer_list<log_field> fields = {});

private:
    std::atomic<config::log_level> minimum_;
    std::FILE* out_;
    const config::log_format format_;
    std::mutex mutex_;
};

} // namespace server
