#pragma once
// The time formats vendors send: Retry-After (RFC 9110 section 10.2.3) and
// the expiry of login tokens.

#include <chrono>
#include <optional>
#include <string_view>

namespace connector {

using system_time = std::chrono::system_clock::time_point;

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (the form RFC 9110 requires senders to use).
std::optional<system_time> parse_http_date(std::string_view text);

// "120" or an HTTP date; a date in the past gives zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view text, system_time now);

// "2024-05-01T12:30:00", with optional fraction and "Z" or "+hh:mm"; no
// offset means UTC. A space may stand for the "T".
std::optional<system_time> parse_iso8601(std::string_view text);

} // namespace connector
