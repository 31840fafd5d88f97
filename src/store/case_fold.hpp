#pragma once
// Case folding for the case-insensitive look-up columns (userName,
// displayName, emails, the unique name).
//
// ASCII only, on purpose: SQLite's NOCASE collation and lower() are ASCII-only
// as well, so every layer agrees on what "equal ignoring case" means, and
// folding never changes a string's byte length or splits a UTF-8 sequence
// (bytes >= 0x80 pass through). Known limit: "ÄRGER" and "ärger" are
// different names to the store; full Unicode folding would need ICU and a
// migration that refolds every row.

#include <string>
#include <string_view>

namespace store {

std::string fold_case(std::string_view text);

} // namespace store
