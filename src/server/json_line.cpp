#include "server/json_line.hpp"

#include <charconv>
#include <ctime>

namespace server {

json_line::json_line(std::string& out) : out_(out) {
    out_ += '{';
}

void json_line::add(std::string_view key, std::string_view value) {
    add_key(key);
    out_ += '"';
    add_escaped(value);
    out_ += '"';
}

void json_line::add(std::string_view key, std::uint64_t value) {
    add_key(key);
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
    out_.append(digits, result.ptr);
}

void json_line::add(std::string_view key, double value) {
    add_key(key);
    char digits[32];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value, std::chars_format::fixed, 3);
    out_.append(digits, result.ptr);
}

void json_line::finish() {
    out_ += "}\n";
}

void json_line::add_key(std::string_view key) {
    if (!first_) {
        out_ += ',';
    }
    first_ = false;
    out_ += '"';
    add_escaped(key);
    out_ += "\":";
}

void json_line::add_escaped(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out_ += '\\';
            out_ += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            // Control characters would let a client forge log lines.
            out_ += "\\u00";
            out_ += hex[byte >> 4];
            out_ += hex[byte & 0x0f];
        } else {
            out_ += c;
        }
    }
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    const std::time_t whole = static_cast<std::time_t>(seconds.count());
    std::tm parts{};
    gmtime_r(&whole, &parts);
    char text[40];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
    std::string result(text, length);
    result += '.';
    result += static_cast<char>('0' + millis / 100);
    result += static_cast<char>('0' + millis / 10 % 10);
    result += static_cast<char>('0' + millis % 10);
    result += 'Z';
    return result;
}

} // namespace server
