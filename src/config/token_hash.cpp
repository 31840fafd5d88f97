#include "config/token_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <optional>
#include <stdexcept>

namespace config {

namespace {

constexpr std::string_view hash_prefix = "sha256:";
constexpr std::size_t digest_size = 32;
using digest = std::array<unsigned char, digest_size>;

digest sha256(std::string_view data) {
    digest result{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), result.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest_size) {
        throw std::runtime_error("SHA-256 computation failed");
    }
    return result;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::optional<digest> parse_hash(std::string_view text) {
    if (text.size() != hash_prefix.size() + 2 * digest_size || !text.starts_with(hash_prefix)) {
        return std::nullopt;
    }
    text.remove_prefix(hash_prefix.size());
    digest result{};
    for (std::size_t i = 0; i < digest_size; ++i) {
        const int high = hex_value(text[2 * i]);
        const int low = hex_value(text[2 * i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        result[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return result;
}

} // namespace

std::string hash_token(std::string_view token) {
    static constexpr char hex[] = "0123456789abcdef";
    const digest value = sha256(token);
    std::string result(hash_prefix);
    for (unsigned char byte : value) {
        result += hex[byte >> 4];
        result += hex[byte & 0x0f];
    }
    return result;
}

bool is_example_token_hash(std::string_view hash) {
    // Placeholders people paste while trying things out, hashed here rather
    // than listed as hashes so that the list stays readable.
    static constexpr std::array<std::string_view, 12> placeholders = {
        "changeme", "change-me", "secret", "token", "password", "test",
        "example", "scim", "scim-token", "your-token", "bearer-token", "123456"};
    // The hash that earlier copies of deploy/config.example.yaml carried.
    static constexpr std::string_view documented =
        "sha256:e2186dbdb1bb4193608605e84f33208765b5693b55edd4f730a719a100eeea6f";
    if (hash == documented) return true;
    for (std::string_view placeholder : placeholders) {
        if (hash == hash_token(placeholder)) return true;
    }
    return false;
}

bool is_token_hash(std::string_view text) {
    return parse_hash(text).has_value();
}

bool token_matches(const std::vector<std::string>& hashes, std::string_view presented) {
    const digest candidate = sha256(presented);
    bool matched = false;
    for (const std::string& stored : hashes) {
        // Stored hashes were validated at load; a malformed one can match nothing.
        const std::optional<digest> expected = parse_hash(stored);
        if (expected) {
            const bool equal = CRYPTO_memcmp(expected->data(), candidate.data(), digest_size) == 0;
            matched = matched | equal;
        }
    }
    return matched;
}

} // namespace config
