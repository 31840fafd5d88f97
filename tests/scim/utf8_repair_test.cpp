// valid_utf8 and the error body that uses it: found by the http fuzz target
// (tests/fuzz/http/regressions/), where GET /Schemas/<bytes that are not
// UTF-8> answered a 404 whose detail quoted them, a body no JSON parser
// accepts.

#include "scim/error.hpp"
#include "scim/utf8_repair.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <string>

namespace {

const std::string fffd = "\xEF\xBF\xBD";

} // namespace

TEST_CASE("well-formed UTF-8 is unchanged", "[utf8]")
{
    for (const std::string& text : {std::string(), std::string("plain ascii"), std::string("Jos\xC3\xA9"),
                                   std::string("\xE2\x82\xAC 20"), std::string("\xF0\x9F\x98\x80"),
                                   std::string("\xED\x9F\xBF"), std::string("\xF4\x8F\xBF\xBF"),
                                   std::string("nul\0inside", 10)})
        CHECK(scim::valid_utf8(text) == text);
}

TEST_CASE("every byte that starts no well-formed sequence becomes U+FFFD", "[utf8]")
{
    struct row {
        std::string in;
        std::string out;
    };
    const row rows[] = {
        {"cor\xF5\xF5" "e", "cor" + fffd + fffd + "e"},  // F5..FF never appear
        {"\x80x", fffd + "x"},                           // a lone continuation byte
        {"\xC0\xAF", fffd + fffd},                       // overlong '/'
        {"\xE0\x80\xAF", fffd + fffd + fffd},            // overlong, three bytes
        {"\xED\xA0\x80", fffd + fffd + fffd},            // a surrogate (U+D800)
        {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
        {"\xE2\x82", fffd + fffd},                       // cut short at the end
        {"\xE2\x82x", fffd + fffd + "x"},                // cut short before ASCII
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(scim::valid_utf8(r.in) == r.out);
    }
}

TEST_CASE("an error body is valid JSON whatever its detail quotes", "[utf8]")
{
    const scim::error error(404, scim::scim_type::none, "Schema urn:x:cor\xF5\xF5" "e not found");
    const std::string body = boost::json::serialize(error.to_json());
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(body, ec);
    REQUIRE_FALSE(ec);
    CHECK(parsed.at("detail").as_string() == "Schema urn:x:cor" + fffd + fffd + "e not found");
    CHECK(parsed.at("status").as_string() == "404");
}
