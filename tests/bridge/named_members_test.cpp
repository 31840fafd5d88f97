// members_named_by: which group PATCHes need only the members they name.

#include "bridge/named_members.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

std::optional<std::vector<std::string>> named(const std::string& operations)
{
    const auto body = boost::json::parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)" +
                                         operations + "]}");
    return bridge::members_named_by(body, scim::patch_limits{});
}

using ids = std::vector<std::string>;

} // namespace

TEST_CASE("members_named_by: Entra's and Okta's membership changes name their members")
{
    CHECK(named(R"({"op":"Add","path":"members","value":[{"value":"a"},{"value":"b","display":"B"}]})") ==
          ids{"a", "b"});
    CHECK(named(R"({"op":"Remove","path":"members","value":[{"value":"a"}]})") == ids{"a"});
    CHECK(named(R"({"op":"remove","path":"members[value eq \"a\"]"})") == ids{"a"});
    CHECK(named(R"({"op":"add","path":"urn:ietf:params:scim:schemas:core:2.0:Group:members","value":[{"value":"a"}]})") ==
          ids{"a"});
    // Other attributes beside them need no member.
    CHECK(named(R"({"op":"Replace","path":"displayName","value":"x"},{"op":"Add","path":"members","value":[{"value":"a"}]})") ==
          ids{"a"});
    CHECK(named(R"({"op":"replace","value":{"displayName":"x","externalId":"e"}})") == ids{});
}

TEST_CASE("members_named_by: what needs the whole list is left to the full path")
{
    CHECK_FALSE(named(R"({"op":"replace","path":"members","value":[{"value":"a"}]})"));
    CHECK_FALSE(named(R"({"op":"remove","path":"members"})"));
    CHECK_FALSE(named(R"({"op":"remove","path":"members[display eq \"A\"]"})"));
    CHECK_FALSE(named(R"({"op":"remove","path":"members[value eq \"a\" or value eq \"b\"]"})"));
    CHECK_FALSE(named(R"({"op":"remove","path":"members[value ne \"a\"]"})"));
    CHECK_FALSE(named(R"({"op":"replace","path":"members[value eq \"a\"].display","value":"x"})"));
    CHECK_FALSE(named(R"({"op":"add","path":"members","value":[{"display":"no value"}]})"));
    CHECK_FALSE(named(R"({"op":"add","path":"members","value":{"value":"a"}})"));
    CHECK_FALSE(named(R"({"op":"add","value":{"members":[{"value":"a"}]}})"));
    CHECK_FALSE(named(R"({"op":"add","path":"urn:example:other:2.0:Group:members","value":[{"value":"a"}]})"));
    // Malformed: the full path answers with the error.
    CHECK_FALSE(named(R"({"op":"move","path":"members"})"));
    CHECK_FALSE(named(R"({"op":"remove","path":"members[value eq"})"));
}
