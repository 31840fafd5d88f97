#pragma once
// Small JSON and value helpers shared by the vendor files: reading optional
// fields of a request body, ids, timestamps, and the value checks that
// several documents ask for (IANA time zones, ISO country codes).

#include "sim_types.hpp"

#include <chrono>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vendor_sim {

using sys_clock = std::chrono::system_clock;

// The body as a JSON object, or nullopt when it is not one.
std::optional<json::object> parse_object(std::string_view body);
std::optional<json::value> parse_value(std::string_view body);

// A field that is present and not null.
const json::value* present(const json::object& obj, std::string_view key);
bool is_missing_or_blank(const json::object& obj, std::string_view key);
std::string string_or(const json::object& obj, std::string_view key, std::string fallback = {});
bool bool_or(const json::object& obj, std::string_view key, bool fallback);

std::string iso_time(sys_clock::time_point t);  // 2025-05-27T06:40:40.9287663Z
std::string random_uuid();
std::string random_hex(std::size_t digits);
std::string to_lower(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view needle);

bool is_hex_object_id(std::string_view s);       // 24 hex digits
bool is_iana_timezone(std::string_view s);       // Area/Location or UTC
bool is_iso_alpha3_country(std::string_view s);
bool is_two_letter_code(std::string_view s);   // twiser examples use "UK", so no list
bool looks_like_email(std::string_view s);
bool is_iso_datetime(std::string_view s);        // YYYY-MM-DDTHH:MM:SS[.f][Z]

// The first member of `body` that `documented` does not list (the document's
// table for that request), or nullopt: the simulators refuse undocumented
// members, as the strictest reading of each document does.
std::optional<std::string> undocumented_member(const json::object& body, std::span<const std::string_view> documented);
inline std::optional<std::string> undocumented_member(const json::object& body,
                                                      std::initializer_list<std::string_view> documented) {
  return undocumented_member(body, std::span<const std::string_view>(documented.begin(), documented.size()));
}

// Comma-separated list parameter, empty items dropped.
std::vector<std::string> split_csv(std::string_view s);

}  // namespace vendor_sim
