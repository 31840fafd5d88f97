#include "config/token_hash.hpp"

#include <catch2/catch.hpp>

TEST_CASE("hash_token produces sha256: and 64 lowercase hex digits", "[config][token]") {
    // SHA-256("abc") from FIPS 180-2.
    CHECK(config::hash_token("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(config::is_token_hash(config::hash_token("anything")));
    CHECK_FALSE(config::is_token_hash("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    CHECK_FALSE(config::is_token_hash("sha256:abc"));
    CHECK_FALSE(config::is_token_hash("plain-token"));
}

TEST_CASE("token_matches finds the token among several hashes", "[config][token]") {
    const std::vector<std::string> hashes = {config::hash_token("first-token"), config::hash_token("second-token")};
    CHECK(config::token_matches(hashes, "first-token"));
    CHECK(config::token_matches(hashes, "second-token"));
    CHECK_FALSE(config::token_matches(hashes, "third-token"));
    CHECK_FALSE(config::token_matches(hashes, ""));
    CHECK_FALSE(config::token_matches({}, "first-token"));
    // The hash itself is not a credential.
    CHECK_FALSE(config::token_matches(hashes, hashes[0]));
}

TEST_CASE("token_matches ignores malformed stored hashes", "[config][token]") {
    const std::vector<std::string> hashes = {"sha256:zz", "first-token", config::hash_token("first-token")};
    CHECK(config::token_matches(hashes, "first-token"));
    CHECK_FALSE(config::token_matches({"first-token"}, "first-token"));
}
