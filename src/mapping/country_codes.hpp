#pragma once
// ISO 3166-1 country codes: alpha-2 (what SCIM addresses carry) and alpha-3
// (what some vendors want), every officially assigned code, both ways.

#include <optional>
#include <string>
#include <string_view>

namespace mapping {

// Case-insensitive input; the answer is upper case. nullopt for a code that
// ISO 3166-1 does not assign.
std::optional<std::string> country_alpha2_to_alpha3(std::string_view alpha2);
std::optional<std::string> country_alpha3_to_alpha2(std::string_view alpha3);

struct country_code_pair {
    const char* alpha2;
    const char* alpha3;
};

// The whole table, sorted by alpha-2 (tests walk it).
struct country_table {
    const country_code_pair* begin;
    const country_code_pair* end;
};
country_table all_country_codes();

} // namespace mapping
