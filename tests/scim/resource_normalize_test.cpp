// normalize_resource / normalize_value on what identity providers really
// send (docs/idp/quirks.md), checked against the canonical form in resource.hpp.

#include "scim/resource.hpp"
#include "scim/error.hpp"
#include "scim/schema_urns.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

namespace {

namespace json = boost::json;

const scim::schema_registry& registry()
{
    static const auto loaded = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *loaded;
}

const scim::resource_type& user_type() { return *registry().find_resource_type("User"); }
const scim::resource_type& group_type() { return *registry().find_resource_type("Group"); }

struct normalize_case {
    const char* what;
    const char* input;
    const char* expected;
};

void check_table(const scim::resource_type& type, const std::vector<normalize_case>& table)
{
    for (const auto& c : table) {
        INFO(c.what);
        const json::object got = scim::normalize_resource(json::parse(c.input).as_object(), type);
        CHECK(json::serialize(got) == json::serialize(json::parse(c.expected)));
    }
}

} // namespace

TEST_CASE("normalize_resource: user bodies as identity providers send them", "[resource][normalize]")
{
    const std::string core = R"("schemas":["urn:ietf:params:scim:schemas:core:2.0:User"])";
    const std::string both = R"("schemas":["urn:ietf:params:scim:schemas:core:2.0:User",)"
                             R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])";
    const std::vector<std::pair<std::string, std::string>> rows = {
        // what, {input body, expected canonical body}
        {R"({"userName":"bjensen"})", "{" + core + R"(,"userName":"bjensen"})"},
        // IDP-COMPAT 6: attribute names in any case, canonical spelling out.
        {R"({"UserName":"bjensen","DISPLAYNAME":"Babs"})", "{" + core + R"(,"userName":"bjensen","displayName":"Babs"})"},
        // IDP-COMPAT 5: booleans as words, at the top and inside complex values.
        {R"({"active":"True"})", "{" + core + R"(,"active":true})"},
        {R"({"active":"false"})", "{" + core + R"(,"active":false})"},
        {R"({"active":"FALSE"})", "{" + core + R"(,"active":false})"},
        {R"({"emails":[{"Value":"a@x.com","Type":"work","Primary":"True"}]})",
         "{" + core + R"(,"emails":[{"value":"a@x.com","type":"work","primary":true}]})"},
        // IDP-COMPAT 7: unknown schema URIs and attributes are ignored.
        {R"({"schemas":["urn:custom:Thing"],"userName":"u","favouriteColour":"blue",)"
         R"("urn:custom:Thing:colour":"red","urn:custom:Thing":{"x":1}})",
         "{" + core + R"(,"userName":"u"})"},
        // IDP-COMPAT 8: read-only input and nulls are dropped; password stays for the caller.
        {R"({"id":"abc","meta":{"resourceType":"User"},"groups":[],"userName":"u","password":"p","nickName":null,"roles":[]})",
         "{" + core + R"(,"userName":"u","password":"p"})"},
        // Unknown sub-attributes, readOnly sub-attributes and null sub-values drop out.
        {R"({"name":{"givenName":"Barbara","nickname":"x","familyName":null}})",
         "{" + core + R"(,"name":{"givenName":"Barbara"}})"},
        // IDP-COMPAT 2: dotted keys merge into the complex value.
        {R"({"name":{"familyName":"Jensen"},"name.givenName":"Barbara"})",
         "{" + core + R"(,"name":{"familyName":"Jensen","givenName":"Barbara"}})"},
        {R"({"Name.GivenName":"Barbara"})", "{" + core + R"(,"name":{"givenName":"Barbara"}})"},
        // IDP-COMPAT 2 and 4: URN-qualified keys at the top level.
        {R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales"})",
         "{" + both + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}})"},
        {R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value":"m1"})",
         "{" + both + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}})"},
        {R"({"urn:ietf:params:scim:schemas:core:2.0:User:userName":"u"})", "{" + core + R"(,"userName":"u"})"},
        // The extension object, in any case, merged with qualified keys.
        {R"({"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"Sales","Manager":{"Value":"m1"}},)"
         R"("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter":"42"})",
         "{" + both
             + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"m1"},"costCenter":"42"}})"},
        // IDP-COMPAT 10: the manager as a bare string; its displayName is the server's.
        {R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m1"}})",
         "{" + both + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}})"},
        {R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1","displayName":"Boss"}}})",
         "{" + both + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}})"},
        // An extension whose every value is null is not present at all.
        {R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":null}})",
         "{" + core + R"(,"userName":"u"})"},
        // Unqualified extension attributes resolve leniently to the extension.
        {R"({"employeeNumber":"701984"})",
         "{" + both + R"(,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"}})"},
        // A single object where an array is expected is wrapped.
        {R"({"emails":{"value":"a@x.com"}})", "{" + core + R"(,"emails":[{"value":"a@x.com"}]})"},
        // Custom type words are kept (canonicalValues are suggestions).
        {R"({"phoneNumbers":[{"value":"+1 555","type":"work2"}]})",
         "{" + core + R"(,"phoneNumbers":[{"value":"+1 555","type":"work2"}]})"},
        {R"({"externalId":"ext-1","x509Certificates":[{"value":"TUlJRA=="}]})",
         "{" + core + R"(,"externalId":"ext-1","x509Certificates":[{"value":"TUlJRA=="}]})"},
    };
    for (const auto& [input, expected] : rows) {
        INFO(input);
        const json::object got = scim::normalize_resource(json::parse(input).as_object(), user_type());
        CHECK(json::serialize(got) == json::serialize(json::parse(expected)));
    }
}

TEST_CASE("normalize_resource: group bodies", "[resource][normalize]")
{
    check_table(group_type(), {
        {"members without type and with a null $ref (IDP-COMPAT 9)",
         R"({"displayName":"G","members":[{"value":"u1","$ref":null},{"value":"u2","display":"Two"}]})",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G",)"
         R"("members":[{"value":"u1"},{"value":"u2","display":"Two"}]})"},
        {"members as bare ids (IDP-COMPAT 10)",
         R"({"displayName":"G","members":["u1","u2"]})",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G",)"
         R"("members":[{"value":"u1"},{"value":"u2"}]})"},
        {"a single member object",
         R"({"DisplayName":"G","Members":{"Value":"u1","Type":"User"}})",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G",)"
         R"("members":[{"value":"u1","type":"User"}]})"},
        {"empty members and the Okta rename body with its id",
         R"({"id":"g1","displayName":"New","members":[]})",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"New"})"},
    });
}

TEST_CASE("normalize_value: one attribute, as PATCH uses it", "[resource][normalize]")
{
    const auto& user = *user_type().core;
    const auto& group = *group_type().core;
    const auto& enterprise = *user_type().find_extension(scim::urn::enterprise_user);
    struct row {
        const scim::attribute& attr;
        const char* input;
        const char* expected;
    };
    const std::vector<row> rows = {
        {*user.find("active"), R"("True")", "true"},
        {*user.find("active"), "false", "false"},
        {*group.find("members"), R"("u1")", R"([{"value":"u1"}])"},
        {*group.find("members"), R"([{"value":"u1"}])", R"([{"value":"u1"}])"},
        {*group.find("members"), "null", "[]"},
        {*group.find("members"), R"([null,{"value":"u2"}])", R"([{"value":"u2"}])"},
        {*enterprise.find("manager"), R"("m1")", R"({"value":"m1"})"},
        {*enterprise.find("manager"), R"({"Value":"m1"})", R"({"value":"m1"})"},
        {*user.find("emails"), R"({"value":"a@x","primary":"true"})", R"([{"value":"a@x","primary":true}])"},
        {*user.find("name"), R"({})", "null"},
        {*scim::common_attributes().find("meta")->find_sub("created"), R"("2024-05-13T04:42:34Z")",
         R"("2024-05-13T04:42:34Z")"},
    };
    for (const auto& r : rows) {
        INFO(r.attr.name << " <- " << r.input);
        CHECK(json::serialize(scim::normalize_value(json::parse(r.input), r.attr))
              == json::serialize(json::parse(r.expected)));
    }
}

TEST_CASE("normalize_resource: a wrong type is refused unless it is a known identity-provider form",
          "[resource][normalize]")
{
    // Each row: a body whose value has the wrong JSON type, and the attribute
    // the 400 invalidValue must name. Only the forms of scim/idp_coercions.hpp
    // pass (booleans as words, a bare string id, one element for an array),
    // and the table above shows those.
    const std::vector<std::pair<std::string, std::string>> refused = {
        {R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":701984})",
         "employeeNumber"},
        {R"({"userName":42})", "userName"},
        {R"({"userName":"u","active":1})", "active"},
        {R"({"userName":"u","active":"yes"})", "active"},
        {R"({"userName":"u","displayName":true})", "displayName"},
        {R"({"userName":"u","emails":[{"value":"a@x.com","primary":"1"}]})", "primary"},
        {R"({"userName":"u","emails":[7]})", "emails"},
        // A bare string stands for a reference's id (members, manager) only.
        {R"({"userName":"u","emails":"a@x.com"})", "emails"},
        {R"({"userName":"u","roles":["admin"]})", "roles"},
        {R"({"userName":"u","name":"Babs Jensen"})", "name"},
        {R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":12}})",
         "manager"},
    };
    for (const auto& [body, attribute] : refused) {
        INFO(body);
        try {
            scim::normalize_resource(json::parse(body).as_object(), user_type());
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_value);
            CHECK_THAT(e.detail(), Catch::Matchers::Contains(attribute));
        }
    }
    // The manager as a bare string id is a known form (quirk 10).
    const auto manager = scim::normalize_resource(
        json::parse(R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m1"}})")
            .as_object(),
        user_type());
    CHECK(json::serialize(manager).find(R"("manager":{"value":"m1"})") != std::string::npos);
}
