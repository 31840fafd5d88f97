// Unicode case folding (scim/case_fold.hpp) and the comparisons built on it:
// filters on caseExact=false attributes, sorting, PATCH value keys.

#include "fixtures_filter.hpp"

#include "scim/case_fold.hpp"
#include "scim/patch_document.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

namespace {

// Precomposed Å (U+00C5), its decomposed spelling (A + U+030A COMBINING
// RING ABOVE) and the folded form å (U+00E5).
constexpr const char* precomposed_upper = "\xC3\x85";
constexpr const char* decomposed_upper = "A\xCC\x8A";
constexpr const char* folded_lower = "\xC3\xA5";

std::string with(const char* first, const char* rest) { return std::string(first) + rest; }

} // namespace

TEST_CASE("folding: ASCII lowers A-Z only and keeps every other byte", "[case_fold]")
{
    CHECK(scim::fold_case("BJensen@Example.COM") == "bjensen@example.com");
    CHECK(scim::fold_case("a-Z_0 9[@]") == "a-z_0 9[@]");
    CHECK(scim::fold_case("") == "");
    CHECK(scim::is_ascii("plain"));
    CHECK_FALSE(scim::is_ascii(folded_lower));
}

TEST_CASE("folding: Unicode capitals, precomposed or decomposed, fold to one NFC form", "[case_fold]")
{
    const std::string expected = with(folded_lower, "sa@example.com");
    CHECK(scim::fold_case(with(precomposed_upper, "SA@example.com")) == expected);
    CHECK(scim::fold_case(with(decomposed_upper, "SA@example.com")) == expected);
    CHECK(scim::fold_case(with(folded_lower, "sa@example.com")) == expected);
    CHECK(scim::fold_case("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91") == "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1");  // ΣΟΦΙΑ -> σοφια
    CHECK(scim::fold_case("\xD0\x90\xD0\x9D\xD0\x9D\xD0\x90") == "\xD0\xB0\xD0\xBD\xD0\xBD\xD0\xB0");  // АННА -> анна
    // Simple folding: one code point to one, so ß stays ß (full folding would give "ss").
    CHECK(scim::fold_case("Stra\xC3\x9F" "e") == "stra\xC3\x9F" "e");
    // The Kelvin sign (3 bytes) folds to an ASCII k: lengths in bytes change.
    CHECK(scim::fold_case("\xE2\x84\xAA") == "k");
    // Idempotent: a folded key folds to itself.
    const std::string once = scim::fold_case(with(decomposed_upper, "NGSTR\xC3\x96M"));
    CHECK(scim::fold_case(once) == once);
}

TEST_CASE("folding: text that is not UTF-8 is folded as ASCII, byte for byte", "[case_fold]")
{
    // A lone continuation byte and a truncated sequence: no replacement
    // character, so two different byte strings never share a key.
    CHECK(scim::fold_case("AB\x80" "C") == "ab\x80" "c");
    CHECK(scim::fold_case("X\xC3") == "x\xC3");
    CHECK(scim::fold_case("X\xC3") != scim::fold_case("X\xC4"));
}

TEST_CASE("comparisons ignore Unicode case and canonical spelling unless caseExact", "[case_fold][compare]")
{
    const std::string upper = with(precomposed_upper, "SA@example.com");
    const std::string lower = with(folded_lower, "sa@example.com");
    const std::string decomposed = with(decomposed_upper, "SA@example.com");
    CHECK(scim::strings_equal(upper, lower, false));
    CHECK(scim::strings_equal(decomposed, lower, false));
    CHECK_FALSE(scim::strings_equal(upper, lower, true));
    CHECK_FALSE(scim::strings_equal("asa@example.com", lower, false));  // a is not å
    CHECK(scim::strings_equal("\xE2\x84\xAA" "elvin", "KELVIN", false));
    CHECK(scim::compare_strings(upper, lower, false) == 0);
    // Ordering is the folded texts' byte order, consistent with equality.
    CHECK(scim::compare_strings("a", with(precomposed_upper, ""), false) < 0);
    CHECK(scim::compare_strings(with(precomposed_upper, "b"), with(folded_lower, "A"), false) > 0);
    CHECK(scim::compare_strings("abc", "ABD", false) < 0);
    CHECK(scim::compare_strings("ab", "ABc", false) < 0);
    // A longer text whose extra part is a combining mark is a different name.
    CHECK_FALSE(scim::strings_equal("a", decomposed_upper, false));
}

TEST_CASE("filters match userName and displayName across Unicode case", "[case_fold][filter]")
{
    using filter_fixtures::user_type;
    const auto user = boost::json::parse(R"({"userName":")" + with(precomposed_upper, "SA@example.com") +
                                         R"(","displayName":")" + with(decomposed_upper, "sa Berg") + R"("})")
                          .as_object();
    const auto matches = [&](const std::string& filter) {
        INFO(filter);
        return scim::matches(*scim::parse_filter(filter), user, user_type());
    };
    CHECK(matches(R"(userName eq ")" + with(folded_lower, "sa@example.com") + R"(")"));
    CHECK(matches(R"(userName eq ")" + with(decomposed_upper, "SA@EXAMPLE.COM") + R"(")"));
    CHECK_FALSE(matches(R"(userName eq "asa@example.com")"));
    CHECK(matches(R"(userName sw ")" + with(folded_lower, "s") + R"(")"));
    CHECK(matches(R"(displayName sw ")" + with(precomposed_upper, "") + R"(")"));
    CHECK(matches(R"(displayName co ")" + with(folded_lower, "SA B") + R"(")"));
    CHECK(matches(R"(userName ew "@EXAMPLE.com")"));
    CHECK_FALSE(matches(R"(userName sw "a")"));
    // Ordering operators fold too: å sorts after z in code point order.
    CHECK(matches(R"(userName gt "z")"));
}

TEST_CASE("PATCH value keys fold like filters", "[case_fold][patch]")
{
    scim::attribute value_sub = filter_fixtures::make_attribute("value", scim::attribute_type::string);
    const auto key = scim::value_key(boost::json::value(with(precomposed_upper, "SA")), value_sub);
    CHECK(key == scim::value_key(boost::json::value(with(decomposed_upper, "sa")), value_sub));
    value_sub.case_exact = true;
    CHECK(scim::value_key(boost::json::value(with(precomposed_upper, "SA")), value_sub)
          != scim::value_key(boost::json::value(with(folded_lower, "sa")), value_sub));
}
