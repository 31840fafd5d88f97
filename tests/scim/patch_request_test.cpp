// The PatchOp message itself: what is refused before any operation runs,
// the scimType of every refusal, and all-or-nothing.

#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/patch_limits.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace {

namespace json = boost::json;

const scim::resource_type& type(const char* name)
{
    static const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *registry->find_resource_type(name);
}

const json::object& user()
{
    static const json::object resource = json::parse(R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223", "userName": "bjensen", "displayName": "Babs",
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z"}})").as_object();
    return resource;
}

std::string with_operations(const std::string& operations)
{
    return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations + "}";
}

// nullopt when the patch applies; otherwise the error's scimType.
std::optional<scim::scim_type> outcome(const std::string& body)
{
    try {
        scim::apply_patch(user(), json::parse(body), type("User"));
        return std::nullopt;
    } catch (const scim::error& e) {
        CHECK(e.status() == 400);
        return e.type();
    }
}

} // namespace

TEST_CASE("patch: malformed PatchOp messages are refused with the scimType of RFC 7644")
{
    using scim::scim_type;
    struct row {
        const char* why;
        std::string body;
        std::optional<scim_type> expected;
    };
    const row rows[] = {
        {"body is not an object", "[]", scim_type::invalid_syntax},
        {"schemas missing", R"({"Operations":[{"op":"add","path":"title","value":"x"}]})", scim_type::invalid_syntax},
        {"schemas without the PatchOp URN",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[{"op":"add","path":"title","value":"x"}]})",
         scim_type::invalid_syntax},
        {"PatchOp URN in another case",
         R"({"schemas":["URN:IETF:params:scim:api:messages:2.0:patchop"],"Operations":[{"op":"add","path":"title","value":"x"}]})",
         std::nullopt},
        {"Operations missing", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]})", scim_type::invalid_syntax},
        {"Operations empty", with_operations("[]"), scim_type::invalid_syntax},
        {"Operations not an array", with_operations(R"({"op":"add"})"), scim_type::invalid_syntax},
        {"operation not an object", with_operations(R"(["add"])"), scim_type::invalid_syntax},
        {"unknown op", with_operations(R"([{"op":"move","path":"title","value":"x"}])"), scim_type::invalid_syntax},
        {"op missing", with_operations(R"([{"path":"title","value":"x"}])"), scim_type::invalid_syntax},
        {"path not a string", with_operations(R"([{"op":"add","path":5,"value":"x"}])"), scim_type::invalid_syntax},
        {"add without value", with_operations(R"([{"op":"add","path":"title"}])"), scim_type::invalid_syntax},
        {"remove without path (RFC 7644 §3.5.2.2)", with_operations(R"([{"op":"remove"}])"), scim_type::no_target},
        {"remove with a blank path", with_operations(R"([{"op":"remove","path":"  "}])"), scim_type::no_target},
        {"unknown attribute in path", with_operations(R"([{"op":"add","path":"shoeSize","value":"x"}])"),
         scim_type::invalid_path},
        {"unknown sub-attribute", with_operations(R"([{"op":"add","path":"name.nick","value":"x"}])"),
         scim_type::invalid_path},
        {"sub-attribute of a multi-valued attribute without filter",
         with_operations(R"([{"op":"replace","path":"emails.value","value":"x"}])"), scim_type::invalid_path},
        {"filter on a single-valued attribute",
         with_operations(R"([{"op":"replace","path":"name[givenName eq \"B\"].familyName","value":"x"}])"),
         scim_type::invalid_path},
        {"value of the wrong type", with_operations(R"([{"op":"replace","path":"active","value":"maybe"}])"),
         scim_type::invalid_value},
        {"path-less value not an object", with_operations(R"([{"op":"replace","value":"x"}])"), scim_type::invalid_value},
        {"removing a required attribute", with_operations(R"([{"op":"remove","path":"userName"}])"),
         scim_type::mutability},
        {"changing a readOnly attribute", with_operations(R"([{"op":"replace","path":"id","value":"other"}])"),
         scim_type::mutability},
        {"changing a readOnly sub-attribute",
         with_operations(R"([{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}])"),
         scim_type::mutability},
        {"adding to a readOnly multi-valued attribute",
         with_operations(R"([{"op":"add","path":"groups","value":[{"value":"g1"}]}])"), scim_type::mutability},
        {"removing a readOnly attribute that is set", with_operations(R"([{"op":"remove","path":"meta"}])"),
         scim_type::mutability},
        {"remove through a filter that matches nothing",
         with_operations(R"([{"op":"remove","path":"emails[type eq \"pager\"]"}])"), scim_type::no_target},
        {"add through an unmatched filter that describes no element",
         with_operations(R"([{"op":"add","path":"phoneNumbers[type eq \"work\" or type eq \"mobile\"].value","value":"1"}])"),
         scim_type::no_target},
        {"two primary emails in one value",
         with_operations(
             R"([{"op":"replace","path":"emails","value":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}])"),
         scim_type::invalid_value},
    };
    for (const row& r : rows) {
        INFO(r.why);
        CHECK(outcome(r.body) == r.expected);
    }
}

TEST_CASE("patch: writes that change nothing on read-only attributes are accepted")
{
    // IdPs echo the resource's own id and absent read-only attributes.
    const char* bodies[] = {
        R"([{"op":"replace","path":"id","value":"2819c223"}])",
        R"([{"op":"remove","path":"groups"}])",
        R"([{"op":"replace","value":{"id":"another","meta":{"version":"W/\"9\""},"groups":[{"value":"g"}]}}])",
    };
    for (const char* body : bodies) {
        INFO(body);
        const json::object patched = scim::apply_patch(user(), json::parse(with_operations(body)), type("User"));
        CHECK(patched.at("id") == "2819c223");
        CHECK(patched.at("meta") == user().at("meta"));
        CHECK_FALSE(patched.contains("groups"));
    }
}

TEST_CASE("patch: the error detail names the failing operation")
{
    try {
        scim::apply_patch(user(),
                          json::parse(with_operations(
                              R"([{"op":"add","path":"title","value":"x"},{"op":"add","path":"shoeSize","value":1}])")),
                          type("User"));
        FAIL("expected invalidPath");
    } catch (const scim::error& e) {
        CHECK(e.detail().find("Operations[1]") != std::string::npos);
        CHECK(e.detail().find("shoeSize") != std::string::npos);
    }
}

TEST_CASE("patch: all or nothing: a failing operation leaves the resource untouched")
{
    const json::object before = user();
    const json::object original = before;
    const std::string body = with_operations(R"([
        {"op":"replace","path":"displayName","value":"Changed"},
        {"op":"add","path":"emails","value":[{"value":"new@example.com"}]},
        {"op":"remove","path":"userName"}])");
    CHECK_THROWS_AS(scim::apply_patch(before, json::parse(body), type("User")), scim::error);
    CHECK(before == original);
}

TEST_CASE("patch: the number of operations is bounded")
{
    const std::string body = with_operations(
        R"([{"op":"add","path":"title","value":"a"},{"op":"add","path":"title","value":"b"},{"op":"add","path":"title","value":"c"}])");
    CHECK(scim::apply_patch(user(), json::parse(body), type("User"), scim::patch_limits{3}).at("title") == "c");
    try {
        scim::apply_patch(user(), json::parse(body), type("User"), scim::patch_limits{2});
        FAIL("expected invalidSyntax");
    } catch (const scim::error& e) {
        CHECK(e.type() == scim::scim_type::invalid_syntax);
        CHECK(e.detail().find("at most 2") != std::string::npos);
    }
}

TEST_CASE("patch: immutable sub-attributes of members cannot change")
{
    const json::object group = json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id":"g1","displayName":"Guides","members":[{"value":"m1","type":"User"}]})").as_object();
    const char* rows[] = {
        R"([{"op":"replace","path":"members[value eq \"m1\"].value","value":"m2"}])",
        R"([{"op":"replace","path":"members[value eq \"m1\"]","value":{"type":"Group"}}])",
        R"([{"op":"remove","path":"members[value eq \"m1\"].type"}])",
    };
    for (const char* operations : rows) {
        INFO(operations);
        try {
            scim::apply_patch(group, json::parse(with_operations(operations)), type("Group"));
            FAIL("expected mutability");
        } catch (const scim::error& e) {
            CHECK(e.type() == scim::scim_type::mutability);
        }
    }
    // Sending the same value again changes nothing and is accepted.
    const json::object same = scim::apply_patch(
        group, json::parse(with_operations(R"([{"op":"replace","path":"members[value eq \"m1\"].type","value":"User"}])")),
        type("Group"));
    CHECK(same.at("members") == group.at("members"));
}
