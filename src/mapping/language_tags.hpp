#pragma once
// Language tag forms: SCIM's preferredLanguage/locale are BCP 47 (`en-US`);
// vendors want `en_US`, `EN`, `en` or the doubled `en_EN`.

#include <optional>
#include <string>
#include <string_view>

namespace mapping {

enum class language_form {
    bcp47,           // en-US
    posix,           // en_US
    language_upper,  // EN
    language_lower,  // en
    posix_doubled,   // en_EN, ru_RU: the language repeated as the region
};

std::optional<language_form> parse_language_form(std::string_view name);
std::string_view to_string(language_form form);

// Reads a tag in any of the forms (either separator, any case; parsed by
// ICU's Locale) and writes it in `form`. nullopt when the text is not a
// language tag of a 2-3 letter language, optionally a 4-letter script and a
// 2-letter or 3-digit region (variants, extensions and private use refused).
std::optional<std::string> convert_language_tag(std::string_view tag, language_form form);

// The reverse of a vendor form into BCP 47. A doubled tag (`en_EN`) gives
// the language alone, since its region carries no information.
std::optional<std::string> language_tag_to_bcp47(std::string_view tag, language_form vendor_form);

} // namespace mapping
