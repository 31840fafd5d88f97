#pragma once
// Inbound bearer tokens are stored only as SHA-256 hashes: a leaked config
// file or backup does not leak credentials. Tokens are long random strings,
// so an unsalted fast hash is enough (nothing to brute-force).

#include <string>
#include <string_view>
#include <vector>

namespace config {

// "sha256:" followed by 64 lowercase hex digits.
std::string hash_token(std::string_view token);

// Tokens must be long random strings; shorter ones are refused where a
// clear token is seen (scim-bridge hash-token).
inline constexpr std::size_t min_token_length = 32;

// True for the hash of a token printed in documentation or commonly used
// as a placeholder ("changeme", "secret", ...): anyone can present it.
bool is_example_token_hash(std::string_view hash);

// True when `text` has the form hash_token() produces.
bool is_token_hash(std::string_view text);

// True when `presented` hashes to one of `hashes`. Compares every hash in
// constant time and never stops early, so timing reveals neither which hash
// matched nor how much of it.
bool token_matches(const std::vector<std::string>& hashes, std::string_view presented);

} // namespace config
