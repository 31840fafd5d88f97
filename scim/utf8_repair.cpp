#include "scim/utf8_repair.hpp"

#include <cstddef>

namespace scim {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// The length of the well-formed sequence that starts at `at`, or 0. The
// bounds of each lead byte's second byte are RFC 3629's table (§4).
std::size_t sequence_length(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;   // below: an overlong form
        if (lead == 0xED)
            high = 0x9F;  // above: a surrogate
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;   // below: an overlong form
        if (lead == 0xF4)
            high = 0x8F;  // above: beyond U+10FFFF
    } else {
        return 0;  // a continuation byte, or a lead byte no well-formed text has
    }
    if (text.size() - at < length || byte(at + 1) < low || byte(at + 1) > high)
        return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF)
            return 0;
    return length;
}

} // namespace

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (const std::size_t length = sequence_length(text, at)) {
            out.append(text.substr(at, length));
            at += length;
        } else {
            out.append(replacement_character);
            ++at;
        }
    }
    return out;
}

} // namespace scim
