#pragma once
// Case folding for every case-insensitive comparison: filters and sorting on
// caseExact=false attributes, and the store's look-up keys (userName,
// displayName, emails, the unique name).
//
// Unicode simple case folding (CaseFolding.txt statuses C and S: one code
// point to one code point, so "ß" stays "ß" and does not become "ss") on the
// canonical decomposition, recomposed to NFC: "ÅSA", "åsa" and "A\u030Asa"
// (A + combining ring) all fold to the same bytes. The data is ICU's.
//
// ASCII text, nearly every identifier and most names, takes a fast path
// that never reaches ICU. Text that is not valid UTF-8 (the JSON parser
// refuses such text, so it cannot come from a request) is folded as ASCII,
// byte for byte, rather than having its bad bytes replaced: two different
// byte strings must not become one key.
//
// Stored values keep the spelling the client sent; only the keys are folded
// and normalised (docs/architecture.md, "Case-insensitive matching").

#include <string>
#include <string_view>

namespace scim {

// The folded, NFC-normalised form: equal results mean equal ignoring case
// and canonical equivalence.
std::string fold_case(std::string_view text);

// The same folding of an ASCII-only text (no byte >= 0x80); cheaper, and
// what fold_case does first when it finds no such byte.
std::string fold_ascii(std::string_view text);

bool is_ascii(std::string_view text);

} // namespace scim
