// What Entra ID and Okta really send (docs/idp/quirks.md, PATCH items
// 1-12), as whole request bodies against whole resources.

#include "scim/patch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

namespace {

namespace json = boost::json;

const scim::resource_type& type(const char* name)
{
    static const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *registry->find_resource_type(name);
}

json::object patched(const char* resource, const char* body, const char* type_name)
{
    return scim::apply_patch(json::parse(resource).as_object(), json::parse(body), type(type_name));
}

constexpr const char* user = R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "5d48a0a8", "userName": "Test_User_ab6490ee@contoso.com", "externalId": "0a21f0f2",
    "active": true, "displayName": "Test User",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"value": "Test_User_fd0ea19b@contoso.com", "type": "work", "primary": true}]})";

constexpr const char* group = R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "00g1emaKYZTWRYYRRTSK", "displayName": "Test SCIMv2",
    "members": [{"value": "00u1", "display": "one@example.com"}, {"value": "00u2"}, {"value": "00u3"}]})";

struct row {
    const char* why;
    const char* resource;
    const char* type;
    const char* body;
    const char* key;
    const char* expected;  // "null": the key must be absent
};

} // namespace

TEST_CASE("patch: Entra ID and Okta request bodies")
{
    const row rows[] = {
        // Entra ID: user attribute updates, one PATCH with many operations.
        {"Entra: Replace/Add in any case, booleans as strings (items 1, 5)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},
             {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
             {"op":"ADD","path":"active","value":"False"}]})",
         "active", "false"},
        {"Entra: emails replaced through the filter", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"}]})",
         "emails", R"([{"value":"updatedEmail@microsoft.com","type":"work","primary":true}])"},
        {"Entra: disable (soft delete)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]})",
         "active", "false"},
        {"Entra: manager as a bare id (item 10)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2819c223-7f76"}]})",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", R"({"manager":{"value":"2819c223-7f76"}})"},
        {"Entra: manager as {\"Value\": …} in another case (item 6)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Manager","value":{"Value":"m-9"}}]})",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", R"({"manager":{"value":"m-9"}})"},
        {"Entra: work address created through the filter (item 3)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Add","path":"addresses[type eq \"work\"].streetAddress","value":"1 Main St"},
             {"op":"Add","path":"addresses[type eq \"work\"].locality","value":"Redmond"}]})",
         "addresses", R"([{"type":"work","streetAddress":"1 Main St","locality":"Redmond"}])"},
        {"Entra: roles with primary \"True\" (item 5)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Add","path":"roles","value":[{"primary":"True","value":"Admin","type":"WindowsAzureActiveDirectoryRole"}]}]})",
         "roles", R"([{"primary":true,"value":"Admin","type":"WindowsAzureActiveDirectoryRole"}])"},
        {"Entra: add one member to a group", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Add","path":"members","value":[{"value":"00u4"}]}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"},{"value":"00u4"}])"},
        {"Entra: remove listed members only (item 12)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Remove","path":"members","value":[{"value":"00u2"}]}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u3"}])"},
        {"Entra: removing an absent member succeeds and keeps the others", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Remove","path":"members","value":[{"value":"00u404"}]}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"}])"},
        {"Entra: group rename by path never touches members", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"displayName","value":"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"}])"},
        // Okta.
        {"Okta: deactivate with no path (item 2)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]})",
         "active", "false"},
        {"Okta: group rename carrying the group's id, with extra keys (items 7, 8)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","value":{"id":"00g1emaKYZTWRYYRRTSK","displayName":"Test SCIMv2 renamed"},"extra":"ignored"}]})",
         "displayName", R"("Test SCIMv2 renamed")"},
        {"Okta: rename leaves id and members alone", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","value":{"id":"00g1emaKYZTWRYYRRTSK","displayName":"Renamed"}}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"}])"},
        {"Okta: add members with display", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"add","path":"members","value":[{"value":"00u5","display":"five@example.com"},{"value":"00u1","display":"one@example.com"}]}]})",
         "members",
         R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"},{"value":"00u5","display":"five@example.com"}])"},
        {"Okta: remove one member by filter (items 3, 11)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"remove","path":"members[value eq \"00u1\"]"}]})",
         "members", R"([{"value":"00u2"},{"value":"00u3"}])"},
        {"a bare member id as the value (item 10)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":"00u6"}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"},{"value":"00u6"}])"},
        {"a member without type and with \"$ref\": null (item 9)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"add","path":"members","value":[{"value":"00u7","$ref":null}]}]})",
         "members", R"([{"value":"00u1","display":"one@example.com"},{"value":"00u2"},{"value":"00u3"},{"value":"00u7"}])"},
        {"replace members [] clears the group (item 11)", group, "Group",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[]}]})",
         "members", "null"},
        {"URN-prefixed core path, split at the last colon (item 4)", user, "User",
         R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName","value":"Core"}]})",
         "name", R"({"givenName":"Core","familyName":"User"})"},
    };
    for (const row& r : rows) {
        INFO(r.why);
        const json::object result = patched(r.resource, r.body, r.type);
        const json::value* actual = result.if_contains(r.key);
        INFO("got " << (actual ? json::serialize(*actual) : "(absent)"));
        CHECK((actual ? *actual : json::value(nullptr)) == json::parse(r.expected));
    }
}

TEST_CASE("patch: Okta rename with membership changes in one request")
{
    const json::object result = patched(group, R"({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "value": {"id": "00g1emaKYZTWRYYRRTSK", "displayName": "Renamed"}},
            {"op": "remove", "path": "members[value eq \"00u2\"]"},
            {"op": "add", "path": "members", "value": [{"value": "00u9", "display": "nine@example.com"}]}]})",
                                        "Group");
    CHECK(result.at("id") == "00g1emaKYZTWRYYRRTSK");
    CHECK(result.at("displayName") == "Renamed");
    CHECK(result.at("members")
          == json::parse(
              R"([{"value":"00u1","display":"one@example.com"},{"value":"00u3"},{"value":"00u9","display":"nine@example.com"}])"));
}
