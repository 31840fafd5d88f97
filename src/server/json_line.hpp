#pragma once
// Appends one JSON object as a single log line to a caller-owned buffer.
// Hand-written rather than boost::json so that the access log formats a line
// without allocating per field.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace server {

class json_line {
public:
    explicit json_line(std::string& out);

    void add(std::string_view key, std::string_view value);
    void add(std::string_view key, std::uint64_t value);
    void add(std::string_view key, double value);
    // Closes the object and ends the line.
    void finish();

private:
    void add_key(std::string_view key);
    void add_escaped(std::string_view text);

    std::string& out_;
    bool first_ = true;
};

// "2026-11-25T17:50:06.123Z"
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

} // namespace server
