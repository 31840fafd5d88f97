#include "scim/case_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <vector>

namespace scim {

namespace {

// ICU's normalizers are process-wide singletons owned by ICU; looked up
// once, so no call pays for the look-up (or could fail in it) afterwards.
struct normalizers {
    const icu::Normalizer2* nfd = nullptr;
    const icu::Normalizer2* nfc = nullptr;
};

const normalizers& icu_normalizers()
{
    static const normalizers instances = [] {
        UErrorCode status = U_ZERO_ERROR;
        normalizers n;
        n.nfd = icu::Normalizer2::getNFDInstance(status);
        n.nfc = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status))
            n = {};  // ICU's data missing: fold_case falls back to ASCII
        return n;
    }();
    return instances;
}

// UTF-8 to UTF-16, refusing ill-formed input (no substitution character).
bool decode_utf8(std::string_view text, icu::UnicodeString& out)
{
    std::vector<UChar> units(text.size());  // UTF-16 never needs more units than UTF-8 has bytes
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(units.data(), static_cast<int32_t>(units.size()), &length, text.data(),
                  static_cast<int32_t>(text.size()), &status);
    if (U_FAILURE(status))
        return false;
    out.setTo(units.data(), length);
    return true;
}

} // namespace

bool is_ascii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string fold_ascii(std::string_view text)
{
    std::string folded(text);
    for (char& c : folded)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return folded;
}

std::string fold_case(std::string_view text)
{
    if (is_ascii(text))
        return fold_ascii(text);
    const normalizers& icu = icu_normalizers();
    icu::UnicodeString decoded;
    if (icu.nfd == nullptr || !decode_utf8(text, decoded))
        return fold_ascii(text);

    // Decompose first so that a precomposed capital ("Å") and its
    // decomposed spelling ("A" + U+030A) fold alike, fold code point by
    // code point, then recompose.
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = icu.nfd->normalize(decoded, status);
    icu::UnicodeString folded;
    for (int32_t at = 0; at < decomposed.length();) {
        const UChar32 c = decomposed.char32At(at);
        folded.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
        at += U16_LENGTH(c);
    }
    const icu::UnicodeString composed = icu.nfc->normalize(folded, status);
    if (U_FAILURE(status))
        return fold_ascii(text);
    std::string out;
    composed.toUTF8String(out);
    return out;
}

} // namespace scim
