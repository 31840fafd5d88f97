#pragma once
// Server events (start, stop, failures) as JSON lines. Rare enough to write
// each line straight through; fields whose name looks like a credential are
// masked, so a careless call site cannot leak a secret.

#include "config/server_config.hpp"

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
    explicit logger(config::log_level minimum = config::log_level::info, std::FILE* out = stderr);

    bool enabled(config::log_level level) const noexcept { return level >= minimum_; }

    void log(config::log_level level, std::string_view event, std::initializer_list<log_field> fields = {});
    void debug(std::string_view event, std::initializer_list<log_field> fields = {});
    void info(std::string_view event, std::initializer_list<log_field> fields = {});
    void warn(std::string_view event, std::initializer_list<log_field> fields = {});
    void error(std::string_view event, std::initializer_list<log_field> fields = {});

private:
    config::log_level minimum_;
    std::FILE* out_;
    std::mutex mutex_;
};

} // namespace server
