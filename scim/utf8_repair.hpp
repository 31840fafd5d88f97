#pragma once
// JSON text must be UTF-8 (RFC 8259 §8.1), and so must every answer's body.
// What a client put in a URL (a path segment, a query parameter) is not
// checked on the way in, and an error's detail may echo it.

#include <string>
#include <string_view>

namespace scim {

// `text` with every byte that does not start a well-formed UTF-8 sequence
// (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF,
// nothing cut short) replaced by U+FFFD; well-formed text is unchanged.
std::string valid_utf8(std::string_view text);

} // namespace scim
