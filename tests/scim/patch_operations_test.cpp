// add / replace / remove with and without a path (RFC 7644 §3.5.2 and its
// examples), each row checking the one attribute the operation touches.

#include "scim/patch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <string>

namespace {

namespace json = boost::json;

constexpr const char* enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const scim::resource_type& type(const char* name)
{
    static const auto registry = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *registry->find_resource_type(name);
}

const json::object& resource(const std::string& type_name)
{
    static const json::object user = json::parse(R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223", "userName": "bjensen", "displayName": "Babs", "active": true,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                   {"value": "babs@jensen.org", "type": "home"}]})").as_object();
    static const json::object group = json::parse(R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba", "displayName": "Tour Guides",
        "members": [{"value": "m1", "type": "User"}, {"value": "m2"}]})").as_object();
    return type_name == "User" ? user : group;
}

struct row {
    const char* why;
    const char* type;
    const char* operations;
    const char* key;       // the top-level key to compare (an extension's URN for its object)
    const char* expected;  // its expected JSON; "null" when the key must be absent
};

void check(const row& r)
{
    INFO(r.why << "\n" << r.operations);
    const std::string body =
        std::string(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)") + r.operations + "}";
    const json::object patched = scim::apply_patch(resource(r.type), json::parse(body), type(r.type));
    const json::value expected = json::parse(r.expected);
    const json::value* actual = patched.if_contains(r.key);
    INFO("got " << (actual ? json::serialize(*actual) : "(absent)"));
    CHECK((actual ? *actual : json::value(nullptr)) == expected);
}

} // namespace

TEST_CASE("patch: add with a path")
{
    const row rows[] = {
        {"RFC 7644 §3.5.2.1: add to a multi-valued attribute appends", "User",
         R"([{"op":"add","path":"emails","value":[{"value":"b@other.org","type":"other"}]}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"},
             {"value":"b@other.org","type":"other"}])"},
        {"a value already present is not added twice", "User",
         R"([{"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home"}]}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}])"},
        {"a new primary clears the old one", "User",
         R"([{"op":"add","path":"emails","value":[{"value":"n@x.org","type":"other","primary":"True"}]}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":false},{"value":"babs@jensen.org","type":"home"},
             {"value":"n@x.org","type":"other","primary":true}])"},
        {"add to a single-valued attribute replaces it", "User", R"([{"op":"add","path":"displayName","value":"B"}])",
         "displayName", R"("B")"},
        {"add an absent attribute", "User", R"([{"op":"add","path":"title","value":"Tour Guide"}])", "title",
         R"("Tour Guide")"},
        {"add a sub-attribute", "User", R"([{"op":"add","path":"name.middleName","value":"Jane"}])", "name",
         R"({"givenName":"Barbara","familyName":"Jensen","middleName":"Jane"})"},
        {"add a complex value merges its sub-attributes", "User",
         R"([{"op":"add","path":"name","value":{"givenName":"Babs"}}])", "name",
         R"({"givenName":"Babs","familyName":"Jensen"})"},
        {"add through a matching filter sets the sub-attribute", "User",
         R"([{"op":"add","path":"emails[type eq \"work\"].value","value":"w@x.org"}])", "emails",
         R"([{"value":"w@x.org","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}])"},
        {"add through an unmatched filter creates the element", "User",
         R"([{"op":"add","path":"emails[type eq \"other\"].value","value":"o@x.org"}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"},
             {"type":"other","value":"o@x.org"}])"},
        {"setting primary through a filter clears the others", "User",
         R"([{"op":"add","path":"emails[type eq \"home\"].primary","value":true}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":false},{"value":"babs@jensen.org","type":"home","primary":true}])"},
        {"URN-qualified path into the enterprise extension", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"}])",
         enterprise, R"({"department":"Tours"})"},
        {"the extension appears in schemas", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"}])",
         "schemas",
         R"(["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])"},
        {"the extension URN as the path, with an object", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"costCenter":"4130"}}])",
         enterprise, R"({"costCenter":"4130"})"},
        {"RFC 7644 §3.5.2.1: add members to a group", "Group",
         R"([{"op":"add","path":"members","value":[{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/m3","value":"m3"}]}])",
         "members",
         R"([{"value":"m1","type":"User"},{"value":"m2"},{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/m3","value":"m3"}])"},
        {"a member already present (same value) is not added again", "Group",
         R"([{"op":"add","path":"members","value":[{"value":"m1","display":"Someone"},{"value":"M2"}]}])", "members",
         R"([{"value":"m1","type":"User"},{"value":"m2"}])"},
        {"add null adds nothing", "User", R"([{"op":"add","path":"title","value":null}])", "title", "null"},
    };
    for (const row& r : rows)
        check(r);
}

TEST_CASE("patch: replace with a path")
{
    const row rows[] = {
        {"RFC 7644 §3.5.2.3: replace a multi-valued attribute replaces all values", "User",
         R"([{"op":"replace","path":"emails","value":[{"value":"only@x.org","type":"work"}]}])", "emails",
         R"([{"value":"only@x.org","type":"work"}])"},
        {"replace through a filter with a sub-attribute", "User",
         R"([{"op":"replace","path":"emails[type eq \"home\"].value","value":"h@x.org"}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"h@x.org","type":"home"}])"},
        {"replace through a filter without sub-attribute merges into the element", "User",
         R"([{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"h@x.org","display":"Home"}}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"h@x.org","type":"home","display":"Home"}])"},
        {"replace through an unmatched filter creates the element (IDP-COMPAT 3)", "User",
         R"([{"op":"replace","path":"addresses[type eq \"work\"].streetAddress","value":"100 Universal City Plaza"}])",
         "addresses", R"([{"type":"work","streetAddress":"100 Universal City Plaza"}])"},
        {"replace a complex value keeps unnamed sub-attributes", "User",
         R"([{"op":"replace","path":"name","value":{"familyName":"Smith"}}])", "name",
         R"({"givenName":"Barbara","familyName":"Smith"})"},
        {"replace a sub-attribute", "User", R"([{"op":"replace","path":"name.givenName","value":"Babs"}])", "name",
         R"({"givenName":"Babs","familyName":"Jensen"})"},
        {"replace an absent attribute adds it", "User", R"([{"op":"replace","path":"nickName","value":"B"}])",
         "nickName", R"("B")"},
        {"replace with null unassigns (RFC 7643 §2.5)", "User", R"([{"op":"replace","path":"displayName","value":null}])",
         "displayName", "null"},
        {"replace members [] clears the group (IDP-COMPAT 11)", "Group",
         R"([{"op":"replace","path":"members","value":[]}])", "members", "null"},
        {"RFC 7644 §3.5.2.3: replace all members", "Group",
         R"([{"op":"replace","path":"members","value":[{"value":"m9"},{"value":"m8"}]}])", "members",
         R"([{"value":"m9"},{"value":"m8"}])"},
        {"replace the manager by another: the old manager's $ref goes", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"a","$ref":"https://x/Users/a"}},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"b"}}])",
         enterprise, R"({"manager":{"value":"b"}})"},
    };
    for (const row& r : rows)
        check(r);
}

TEST_CASE("patch: remove")
{
    const row rows[] = {
        {"RFC 7644 §3.5.2.2: remove a single-valued attribute", "User",
         R"([{"op":"remove","path":"displayName"}])", "displayName", "null"},
        {"remove an absent attribute changes nothing", "User", R"([{"op":"remove","path":"title"}])", "title", "null"},
        {"remove a sub-attribute", "User", R"([{"op":"remove","path":"name.givenName"}])", "name",
         R"({"familyName":"Jensen"})"},
        {"remove the last sub-attribute unassigns the attribute", "User",
         R"([{"op":"remove","path":"name.givenName"},{"op":"remove","path":"name.familyName"}])", "name", "null"},
        {"remove a whole multi-valued attribute", "User", R"([{"op":"remove","path":"emails"}])", "emails", "null"},
        {"remove through a filter removes the matches only", "User",
         R"([{"op":"remove","path":"emails[type eq \"work\"]"}])", "emails",
         R"([{"value":"babs@jensen.org","type":"home"}])"},
        {"remove a sub-attribute of the matched elements", "User",
         R"([{"op":"remove","path":"emails[type eq \"work\"].display"},{"op":"remove","path":"emails[type eq \"home\"].value"}])",
         "emails", R"([{"value":"bjensen@example.com","type":"work","primary":true},{"type":"home"}])"},
        {"remove listed values of a multi-valued attribute", "User",
         R"([{"op":"remove","path":"emails","value":[{"value":"BABS@jensen.org"}]}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true}])"},
        {"RFC 7644 §3.5.2.2: remove one member by filter", "Group",
         R"([{"op":"remove","path":"members[value eq \"m1\"]"}])", "members", R"([{"value":"m2"}])"},
        {"member ids compare case-insensitively (caseExact false)", "Group",
         R"([{"op":"remove","path":"members[value eq \"M2\"]"}])", "members", R"([{"value":"m1","type":"User"}])"},
        {"removing an absent member by filter is a no-op", "Group",
         R"([{"op":"remove","path":"members[value eq \"nobody\"]"}])", "members",
         R"([{"value":"m1","type":"User"},{"value":"m2"}])"},
        {"RFC 7644 §3.5.2.2: remove all members", "Group", R"([{"op":"remove","path":"members"}])", "members", "null"},
        {"RFC 7644 §3.5.2.3: remove all members then add", "Group",
         R"([{"op":"remove","path":"members"},{"op":"add","path":"members","value":[{"value":"m7"}]}])", "members",
         R"([{"value":"m7"}])"},
        {"remove then add the same member in one request", "Group",
         R"([{"op":"remove","path":"members[value eq \"m1\"]"},{"op":"add","path":"members","value":[{"value":"m1"}]}])",
         "members", R"([{"value":"m2"},{"value":"m1"}])"},
        {"add then remove in one request", "Group",
         R"([{"op":"add","path":"members","value":[{"value":"m3"}]},{"op":"remove","path":"members[value eq \"m3\"]"},
             {"op":"replace","path":"displayName","value":"Guides"}])",
         "members", R"([{"value":"m1","type":"User"},{"value":"m2"}])"},
        {"removing the extension's last attribute drops it from schemas", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"},
             {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}])",
         "schemas", R"(["urn:ietf:params:scim:schemas:core:2.0:User"])"},
        {"remove the extension as a whole", "User",
         R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tours"},
             {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}])",
         enterprise, "null"},
    };
    for (const row& r : rows)
        check(r);
}

TEST_CASE("patch: add and replace without a path")
{
    const row rows[] = {
        {"RFC 7644 §3.5.2.1: add attributes to the resource", "User",
         R"([{"op":"add","value":{"nickName":"Babs","emails":[{"value":"b@other.org","type":"other"}]}}])", "emails",
         R"([{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"},
             {"value":"b@other.org","type":"other"}])"},
        {"replace without path replaces a multi-valued attribute", "User",
         R"([{"op":"replace","value":{"emails":[{"value":"only@x.org"}]}}])", "emails", R"([{"value":"only@x.org"}])"},
        {"dotted key", "User", R"([{"op":"replace","value":{"name.givenName":"Babs"}}])", "name",
         R"({"givenName":"Babs","familyName":"Jensen"})"},
        {"complex value merges", "User", R"([{"op":"replace","value":{"name":{"middleName":"J"}}}])", "name",
         R"({"givenName":"Barbara","familyName":"Jensen","middleName":"J"})"},
        {"URN-qualified key", "User",
         R"([{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Tours"}}])",
         enterprise, R"({"department":"Tours"})"},
        {"extension URN key with an object", "User",
         R"([{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"D","manager":"m1"}}}])",
         enterprise, R"({"division":"D","manager":{"value":"m1"}})"},
        {"unknown keys are ignored (IDP-COMPAT 7)", "User",
         R"([{"op":"add","value":{"shoeSize":44,"urn:example:custom:1.0:User:colour":"red","displayName":"B"}}])",
         "displayName", R"("B")"},
        {"attribute names in any case (IDP-COMPAT 6)", "User",
         R"([{"op":"replace","value":{"DisplayName":"B","Name":{"GivenName":"Z"}}}])", "name",
         R"({"givenName":"Z","familyName":"Jensen"})"},
        {"replace with null unassigns", "User", R"([{"op":"replace","value":{"displayName":null}}])", "displayName",
         "null"},
        {"add with null changes nothing", "User", R"([{"op":"add","value":{"displayName":null}}])", "displayName",
         R"("Babs")"},
    };
    for (const row& r : rows)
        check(r);
}
