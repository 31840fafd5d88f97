#include "mapping/country_codes.hpp"

#include <unicode/locid.h>
#include <unicode/region.h>

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

// ICU lists the regions CLDR knows by an alpha-2 code, which is more than
// ISO 3166-1 assigns: the exceptionally reserved DG, EA and IC, and XK, a
// user-assigned code. Officially assigned codes are exactly those with an
// ISO 3166-1 numeric code below 900 (900-999 are user-assigned numbers,
// and the reserved ones have none), which ICU's Region data carries too.
bool officially_assigned(const char* alpha2)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Region* region = icu::Region::getInstance(alpha2, status);
    if (U_FAILURE(status) || region == nullptr)
        return false;
    const int32_t numeric = region->getNumericCode();
    return numeric > 0 && numeric < 900;
}

std::vector<country_code_pair> load_codes()
{
    std::vector<country_code_pair> codes;
    for (const char* const* alpha2 = icu::Locale::getISOCountries(); *alpha2 != nullptr; ++alpha2) {
        const char* alpha3 = icu::Locale("", *alpha2).getISO3Country();
        if (alpha3 != nullptr && std::string_view(alpha3).size() == 3 && officially_assigned(*alpha2))
            codes.push_back({*alpha2, alpha3});
    }
    std::sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.alpha2 < b.alpha2; });
    return codes;
}

} // namespace

const std::vector<country_code_pair>& all_country_codes()
{
    static const std::vector<country_code_pair> codes = load_codes();
    return codes;
}

std::optional<std::string> country_alpha2_to_alpha3(std::string_view alpha2)
{
    if (alpha2.size() != 2)
        return std::nullopt;
    const std::string key = upper(alpha2);
    const auto& codes = all_country_codes();
    auto it = std::lower_bound(codes.begin(), codes.end(), key,
                               [](const country_code_pair& p, const std::string& k) { return p.alpha2 < k; });
    if (it == codes.end() || it->alpha2 != key)
        return std::nullopt;
    return it->alpha3;
}

std::optional<std::string> country_alpha3_to_alpha2(std::string_view alpha3)
{
    if (alpha3.size() != 3)
        return std::nullopt;
    const std::string key = upper(alpha3);
    const auto& codes = all_country_codes();
    auto it = std::find_if(codes.begin(), codes.end(), [&](const country_code_pair& p) { return p.alpha3 == key; });
    if (it == codes.end())
        return std::nullopt;
    return it->alpha2;
}

} // namespace mapping
