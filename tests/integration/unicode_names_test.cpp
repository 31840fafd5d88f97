// Case-insensitive names over real HTTP fold in full Unicode: uniqueness
// (409), filters and the answer's spelling (as written).

#include "integration/bridge_fixture.hpp"

#include <catch2/catch.hpp>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

// ÅSA@example.com precomposed, åsa@example.com, and Å spelt A + U+030A.
const std::string upper_asa = "\xC3\x85SA@example.com";
const std::string lower_asa = "\xC3\xA5sa@example.com";
// Percent-encoded for a query string: userName eq "<name>".
const std::string filter_lower = "userName%20eq%20%22%C3%A5sa%40example.com%22";
const std::string filter_decomposed = "userName%20eq%20%22A%CC%8AsA%40EXAMPLE.com%22";

json::object user_named(const std::string& name)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}}, {"userName", name}};
}

} // namespace

TEST_CASE("ÅSA@example.com and åsa@example.com are one userName", "[users][unicode]")
{
    bridge_fixture bridge;
    auto first = bridge.call(verb::post, "/Users", user_named(upper_asa));
    REQUIRE(first.status == 201);
    CHECK(first.string_at("/userName") == upper_asa);  // stored and answered as written

    auto second = bridge.call(verb::post, "/Users", user_named(lower_asa));
    CHECK(second.status == 409);
    CHECK(second.string_at("/scimType") == "uniqueness");

    for (const std::string& filter : {filter_lower, filter_decomposed}) {
        INFO(filter);
        auto found = bridge.call(verb::get, "/Users?filter=" + filter);
        REQUIRE(found.status == 200);
        REQUIRE(found.body.at_pointer("/totalResults").as_int64() == 1);
        CHECK(found.string_at("/Resources/0/id") == first.string_at("/id"));
        CHECK(found.string_at("/Resources/0/userName") == upper_asa);
    }
    CHECK(bridge.call(verb::get, "/Users?filter=userName%20eq%20%22asa%40example.com%22")
              .body.at_pointer("/totalResults")
              .as_int64()
          == 0);
}

TEST_CASE("a group's displayName is unique across Unicode case", "[groups][unicode]")
{
    bridge_fixture bridge;
    bridge.create_group("\xC3\x96KONOMI");  // ÖKONOMI
    auto twin = bridge.call(verb::post, "/Groups",
                            json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                         {"displayName", "\xC3\xB6konomi"}});  // ökonomi
    CHECK(twin.status == 409);
}
