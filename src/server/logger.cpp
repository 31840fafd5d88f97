#include "server/logger.hpp"

#include "server/log_line.hpp"
#include "config/environment.hpp"
#include "server/log_redaction.hpp"

#include <chrono>
#include <string>

namespace server {

namespace {

// The fields that every line carries in a fixed place.
std::string_view* fixed_slot(log_head& head, std::string_view key) {
    if (key == "request_id") {
        return &head.request_id;
    }
    if (key == "target") {
        return &head.target;
    }
    if (key == "vendor_call" || key == "vendor_request") {
        return &head.vendor_call;
    }
    return nullptr;
}

} // namespace

logger::logger(config::log_level minimum, std::FILE* out, config::log_format format)
    : minimum_(minimum), out_(out), format_(format) {}

void logger::log(config::log_level level, std::string_view event, std::initializer_list<log_field> fields) {
    if (!enabled(level)) {
        return;
    }
    log_head head{std::chrono::system_clock::now(), config::log_level_name(level), event, {}, {}, {}};
    for (const log_field& field : fields) {
        if (std::string_view* slot = fixed_slot(head, field.key)) {
            *slot = field.value;
        }
    }
    std::string line;
    log_line out(line, format_, head);
    for (const log_field& field : fields) {
        if (fixed_slot(head, field.key) == nullptr) {
            out.add(field.key, is_secret_name(field.key) ? std::string_view("***") : field.value);
        }
    }
    out.finish();
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
