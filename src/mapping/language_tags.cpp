#include "mapping/language_tags.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace mapping {

namespace {

struct language_tag {
    std::string language;  // lower case
    std::string script;    // Title case, or empty
    std::string region;    // upper case, or empty
};

bool all_of(std::string_view s, int (*predicate)(int))
{
    return std::all_of(s.begin(), s.end(), [&](unsigned char c) { return predicate(c) != 0; });
}

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

std::optional<language_tag> parse(std::string_view text)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == '-' || text[i] == '_') {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    if (parts.empty() || parts.size() > 3)
        return std::nullopt;
    language_tag tag;
    if (parts[0].size() < 2 || parts[0].size() > 3 || !all_of(parts[0], std::isalpha))
        return std::nullopt;
    tag.language = cased(parts[0], false, false);
    std::size_t next = 1;
    if (next < parts.size() && parts[next].size() == 4 && all_of(parts[next], std::isalpha))
        tag.script = cased(parts[next++], true, false);
    if (next < parts.size()) {
        std::string_view region = parts[next++];
        const bool alpha = region.size() == 2 && all_of(region, std::isalpha);
        const bool digits = region.size() == 3 && all_of(region, std::isdigit);
        if (!alpha && !digits)
            return std::nullopt;
        tag.region = cased(region, true, true);
    }
    if (next != parts.size())
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
