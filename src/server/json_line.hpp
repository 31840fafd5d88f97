#pragma once
// The pieces log lines are made of (server/log_line.hpp): JSON string
// escaping and the UTC time stamp. Hand-written rather than boost::json so
// that the access log formats a line without allocating per field.

#include <chrono>
#include <string>
#include <string_view>

namespace server {

// Appends `text` escaped for the inside of a JSON string; control
// characters become \u00XX (a client could otherwise forge log lines).
void append_json_escaped(std::string& out, std::string_view text);

// "2026-11-25T17:50:06.123Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

} // namespace server
