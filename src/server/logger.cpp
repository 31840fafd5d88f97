#include "server/logger.hpp"

#include "server/json_line.hpp"
#include "server/log_redaction.hpp"

#include <chrono>
#include <string>

namespace server {

namespace {

std::string_view level_name(config::log_level level) {
    switch (level) {
    case config::log_level::debug: return "debug";
    case config::log_level::info: return "info";
    case config::log_level::warn: return "warn";
    case config::log_level::error: return "error";
    }
    return "unknown";
}

} // namespace

logger::logger(config::log_level minimum, std::FILE* out) : minimum_(minimum), out_(out) {}

void logger::log(config::log_level level, std::string_view event, std::initializer_list<log_field> fields) {
    if (!enabled(level)) {
        return;
    }
    std::string line;
    json_line json(line);
    json.add("time", rfc3339_utc(std::chrono::system_clock::now()));
    json.add("level", level_name(level));
    json.add("event", event);
    for (const log_field& field : fields) {
        json.add(field.key, is_secret_name(field.key) ? std::string_view("***") : field.value);
    }
    json.finish();
    const std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

void logger::debug(std::string_view event, std::initializer_list<log_field> fields) {
    log(config::log_level::debug, event, fields);
}

void logger::info(std::string_view event, std::initializer_list<log_field> fields) {
    log(config::log_level::info, event, fields);
}

void logger::warn(std::string_view event, std::initializer_list<log_field> fields) {
    log(config::log_level::warn, event, fields);
}

void logger::error(std::string_view event, std::initializer_list<log_field> fields) {
    log(config::log_level::error, event, fields);
}

} // namespace server
