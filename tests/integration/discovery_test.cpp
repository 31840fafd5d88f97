// Discovery endpoints tell the truth about what the server supports.

#include "integration/bridge_fixture.hpp"

#include <catch2/catch.hpp>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

TEST_CASE("ServiceProviderConfig, ResourceTypes and Schemas", "[discovery]")
{
    bridge_fixture bridge;
    auto spc = bridge.call(verb::get, "/ServiceProviderConfig");
    REQUIRE(spc.status == 200);
    CHECK(spc.body.at_pointer("/patch/supported").as_bool());
    CHECK(spc.body.at_pointer("/bulk/supported").as_bool());
    CHECK(spc.body.at_pointer("/filter/supported").as_bool());
    CHECK(spc.body.at_pointer("/etag/supported").as_bool());
    CHECK(spc.string_at("/authenticationSchemes/0/type") == "oauthbearertoken");

    auto types = bridge.call(verb::get, "/ResourceTypes");
    REQUIRE(types.status == 200);
    CHECK(types.body.at_pointer("/totalResults").as_int64() == 2);
    auto user_type = bridge.call(verb::get, "/ResourceTypes/User");
    CHECK(user_type.string_at("/endpoint") == "/Users");
    CHECK(user_type.string_at("/schemaExtensions/0/schema") ==
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");

    auto schemas = bridge.call(verb::get, "/Schemas");
    REQUIRE(schemas.status == 200);
    CHECK(schemas.body.at_pointer("/totalResults").as_int64() == 3);
    auto user_schema = bridge.call(verb::get, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    REQUIRE(user_schema.status == 200);
    bool found_user_name = false;
    for (const auto& attribute : user_schema.body.at_pointer("/attributes").as_array())
        if (attribute.at("name") == "userName") {
            found_user_name = true;
            CHECK(attribute.at("uniqueness") == "server");
            CHECK(attribute.at("required").as_bool());
        }
    CHECK(found_user_name);
    CHECK(bridge.call(verb::get, "/Schemas/urn:nope").status == 404);
    CHECK(bridge.call(verb::get, "/ResourceTypes?filter=id%20eq%20%22User%22").status == 403);
}

TEST_CASE("discovery endpoints ignore query parameters other than filter", "[discovery]")
{
    bridge_fixture bridge;
    for (const std::string path : {"/ServiceProviderConfig?anything=1", "/ServiceProviderConfig?prefilter=1",
                                   "/ResourceTypes?attributes=id&count=1", "/Schemas?nofilter=x&startIndex=2",
                                   "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User?excludedAttributes=filter=1"}) {
        INFO(path);
        CHECK(bridge.call(verb::get, path).status == 200);
    }
    // A filter is still refused (RFC 7644 §4), whatever the case of its name.
    for (const std::string path : {"/ResourceTypes?filter=id%20eq%20%22User%22", "/Schemas?FILTER=id%20pr",
                                   "/ServiceProviderConfig?count=1&Filter=x"}) {
        INFO(path);
        CHECK(bridge.call(verb::get, path).status == 403);
    }
}

TEST_CASE("the core schemas carry RFC 7643's descriptions", "[discovery]")
{
    // RFC 7643 §8.7.1; Microsoft's Entra ID test collection checks the User one.
    bridge_fixture bridge;
    CHECK(bridge.call(verb::get, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").string_at("/description") ==
          "User Account");
    CHECK(bridge.call(verb::get, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").string_at("/description") ==
          "Group");
}
