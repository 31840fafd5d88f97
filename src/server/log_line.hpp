#pragma once
// One log line, event or access alike, in the configured format. Every line
// starts with the same keys, in this order, so that one query reads them
// all: timestamp, level, event (a snake_case name), message (the call site's
// sentence when its event was one, else null), request_id, target,
// vendor_call (null when not known), then the line's own fields.
//
// json: one JSON object a line. text: for a terminal, the same fields as
// "timestamp LEVEL event key=value …", values quoted when they need it, the
// null ones left out.

#include "config/server_config.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace server {

struct log_head {
    std::chrono::system_clock::time_point time;
    std::string_view level;        // debug, info, warn, error
    std::string_view event;        // any spelling: written as event_name(event)
    std::string_view request_id;   // empty: null
    std::string_view target;       // empty: null
    std::string_view vendor_call;  // empty: null
};

class log_line {
public:
    // Appends to `out` (not cleared).
    log_line(std::string& out, config::log_format format, const log_head& head);

    void add(std::string_view key, std::string_view value);
    void add(std::string_view key, std::uint64_t value);
    void add(std::string_view key, double value);
    // Ends the line with '\n'.
    void finish();

private:
    void add_key(std::string_view key);
    void add_text_value(std::string_view value);
    void add_null(std::string_view key);

    std::string& out_;
    const config::log_format format_;
    bool first_ = true;
};

// "pending vendor intent" -> "pending_vendor_intent": lower case, every run
// of other characters one underscore.
std::string event_name(std::string_view event);

} // namespace server
