#include "mapping/country_codes.hpp"

#include <algorithm>
#include <cctype>

namespace mapping {

namespace {

std::string upper(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

} // namespace

std::optional<std::string> country_alpha2_to_alpha3(std::string_view alpha2)
{
    if (alpha2.size() != 2)
        return std::nullopt;
    const std::string key = upper(alpha2);
    const auto table = all_country_codes();
    // Sorted by alpha-2: binary search.
    auto it = std::lower_bound(table.begin, table.end, key,
                               [](const country_code_pair& p, const std::string& k) { return p.alpha2 < k; });
    if (it == table.end || it->alpha2 != key)
        return std::nullopt;
    return std::string(it->alpha3);
}

std::optional<std::string> country_alpha3_to_alpha2(std::string_view alpha3)
{
    if (alpha3.size() != 3)
        return std::nullopt;
    const std::string key = upper(alpha3);
    const auto table = all_country_codes();
    auto it = std::find_if(table.begin, table.end, [&](const country_code_pair& p) { return p.alpha3 == key; });
    if (it == table.end)
        return std::nullopt;
    return std::string(it->alpha2);
}

} // namespace mapping
