#pragma once
// ISO 3166-1 country codes: alpha-2 (what SCIM addresses carry) and alpha-3
// (what some vendors want), every officially assigned code, both ways. The
// data is ICU's (its CLDR region data), not a table of ours.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

// Case-insensitive input; the answer is upper case. nullopt for a code that
// ISO 3166-1 does not assign.
std::optional<std::string> country_alpha2_to_alpha3(std::string_view alpha2);
std::optional<std::string> country_alpha3_to_alpha2(std::string_view alpha3);

struct country_code_pair {
    std::string alpha2;
    std::string alpha3;
};

// Every officially assigned code, sorted by alpha-2 (tests walk it).
const std::vector<country_code_pair>& all_country_codes();

} // namespace mapping
