#include "mapping/language_tags.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include <unicode/locid.h>

namespace mapping {

namespace {

struct language_tag {
    std::string language;  // lower case
    std::string script;    // Title case, or empty
    std::string region;    // upper case, or empty
};

std::string cased(std::string_view s, bool upper_first, bool upper_rest)
{
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const bool up = i == 0 ? upper_first : upper_rest;
        out[i] = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(out[i]))
                                      : std::tolower(static_cast<unsigned char>(out[i])));
    }
    return out;
}

// ICU reads the tag (BCP 47 syntax, either separator, any case) and splits
// it into subtags, each in its canonical case; ICU also maps the
// grandfathered tags to their modern form (`i-klingon` is `tlh`). The
// vendor forms carry a language, a script and a region only: a tag with a
// variant (`de-DE-1996`), an extension (`en-u-ca-gregory`) or private use
// has no faithful spelling in them and is refused, as is a 5-8 letter
// language (`english` is BCP 47, but no vendor takes it as a language).
std::optional<language_tag> parse(std::string_view text)
{
    if (text.empty())
        return std::nullopt;  // ICU reads "" as its root locale
    std::string bcp47(text);
    std::replace(bcp47.begin(), bcp47.end(), '_', '-');
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(bcp47, status);
    if (U_FAILURE(status) || locale.isBogus())
        return std::nullopt;
    if (*locale.getVariant() != '\0' || std::strchr(locale.getName(), '@') != nullptr)
        return std::nullopt;
    language_tag tag{locale.getLanguage(), locale.getScript(), locale.getCountry()};
    if (tag.language.empty())
        tag.language = "und";  // ICU's spelling of BCP 47's undetermined language
    if (tag.language.size() < 2 || tag.language.size() > 3)
        return std::nullopt;
    return tag;
}

std::string join(const language_tag& tag, char separator)
{
    std::string out = tag.language;
    if (!tag.script.empty())
        out += separator + tag.script;
    if (!tag.region.empty())
        out += separator + tag.region;
    return out;
}

constexpr std::array<std::pair<std::string_view, language_form>, 5> forms{{
    {"bcp47", language_form::bcp47},
    {"posix", language_form::posix},
    {"language_upper", language_form::language_upper},
    {"language_lower", language_form::language_lower},
    {"posix_doubled", language_form::posix_doubled},
}};

} // namespace

std::optional<language_form> parse_language_form(std::string_view name)
{
    for (const auto& [text, form] : forms)
        if (text == name)
            return form;
    return std::nullopt;
}

std::string_view to_string(language_form form)
{
    for (const auto& [text, f] : forms)
        if (f == form)
            return text;
    return "?";
}

std::optional<std::string> convert_language_tag(std::string_view text, language_form form)
{
    auto tag = parse(text);
    if (!tag)
        return std::nullopt;
    switch (form) {
    case language_form::bcp47: return join(*tag, '-');
    case language_form::posix: return join(*tag, '_');
    case language_form::language_upper: return cased(tag->language, true, true);
    case language_form::language_lower: return tag->language;
    case language_form::posix_doubled: return tag->language + "_" + cased(tag->language, true, true);
    }
    return std::nullopt;
}

std::optional<std::string> language_tag_to_bcp47(std::string_view text, language_form vendor_form)
{
    auto tag = parse(text);
    if (!tag)
        return std::nullopt;
    if (vendor_form == language_form::posix_doubled && tag->region == cased(tag->language, true, true))
        tag->region.clear();
    return join(*tag, '-');
}

} // namespace mapping
