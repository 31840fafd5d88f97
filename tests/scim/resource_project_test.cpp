// parse_projection / project: attributes, excludedAttributes and `returned`
// (RFC 7644 §3.4.2.5, RFC 7643 §2.2).

#include "scim/error.hpp"
#include "scim/resource.hpp"

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

const char* const stored_user = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "id":"2819c223","externalId":"bjensen","userName":"bjensen","password":"secret",
  "name":{"familyName":"Jensen","givenName":"Barbara"},
  "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@example.org","type":"home"}],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"26118915","displayName":"John Smith"}},
  "meta":{"resourceType":"User","version":"W/\"3694e05e9dff591\""}
})";

const char* const stored_group = R"({
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
  "id":"e9e30dba","displayName":"Tour Guides",
  "members":[{"value":"2819c223","display":"Babs Jensen","type":"User"}],
  "meta":{"resourceType":"Group"}
})";

std::string projected(const char* type, const char* resource, const char* attributes, const char* excluded)
{
    const auto& t = *registry().find_resource_type(type);
    return json::serialize(scim::project(json::parse(resource).as_object(), t, scim::parse_projection(attributes, excluded)));
}

std::string canonical(const char* text) { return json::serialize(json::parse(text)); }

} // namespace

TEST_CASE("project: attributes and excludedAttributes", "[resource][project]")
{
    struct row {
        const char* what;
        const char* type;
        const char* attributes;
        const char* excluded;
        const char* expected;
    };
    const std::vector<row> rows = {
        {"default: everything but the password (returned never)", "User", "", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","externalId":"bjensen","userName":"bjensen",
             "name":{"familyName":"Jensen","givenName":"Barbara"},
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@example.org","type":"home"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"26118915","displayName":"John Smith"}},
             "meta":{"resourceType":"User","version":"W/\"3694e05e9dff591\""}})"},
        {"attributes=userName: schemas and id always come too", "User", "userName", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","userName":"bjensen"})"},
        {"names in any case, spaces around commas", "User", " UserName , NAME.givenname ", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","userName":"bjensen","name":{"givenName":"Barbara"}})"},
        {"a sub-attribute of a multi-valued attribute", "User", "emails.value", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","emails":[{"value":"bjensen@example.com"},{"value":"babs@example.org"}]})"},
        {"a URN-qualified extension sub-attribute", "User",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"26118915"}}})"},
        {"a whole extension by its URN", "User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"26118915","displayName":"John Smith"}}})"},
        {"a core-URN-qualified attribute", "User", "urn:ietf:params:scim:schemas:core:2.0:User:userName", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","userName":"bjensen"})"},
        {"asking for the password does not return it", "User", "password,userName", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","userName":"bjensen"})"},
        {"unknown names select nothing", "User", "favouriteColour", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223"})"},
        {"excluded: id cannot be excluded (returned always)", "User", "",
         "id,name,emails.type,meta,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","externalId":"bjensen","userName":"bjensen",
             "emails":[{"value":"bjensen@example.com","primary":true},{"value":"babs@example.org"}]})"},
        {"excluded extension sub-attribute", "User", "",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager,externalId,name,emails,meta",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"2819c223","userName":"bjensen",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"}})"},
        {"excludedAttributes=members on groups (IDP-COMPAT)", "Group", "", "members",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba","displayName":"Tour Guides",
             "meta":{"resourceType":"Group"}})"},
        {"attributes=displayName on groups", "Group", "displayName", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba","displayName":"Tour Guides"})"},
        {"members.value only", "Group", "members.value", "",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba","members":[{"value":"2819c223"}]})"},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const char* resource = std::string_view(r.type) == "User" ? stored_user : stored_group;
        CHECK(projected(r.type, resource, r.attributes, r.excluded) == canonical(r.expected));
    }
}

TEST_CASE("project: returned request only when asked", "[resource][project]")
{
    scim::attribute secret_question;
    secret_question.name = "hint";
    secret_question.returned = scim::returned::request;
    scim::attribute label;
    label.name = "label";
    scim::schema core;
    core.id = "urn:example:core:Thing";
    core.attributes = {label, secret_question};
    scim::resource_type type;
    type.name = "Thing";
    type.core = &core;
    const json::object thing = json::parse(R"({"schemas":["urn:example:core:Thing"],"label":"L","hint":"H"})").as_object();

    CHECK(json::serialize(scim::project(thing, type, {})) == canonical(R"({"schemas":["urn:example:core:Thing"],"label":"L"})"));
    CHECK(json::serialize(scim::project(thing, type, scim::parse_projection("hint", "")))
          == canonical(R"({"schemas":["urn:example:core:Thing"],"hint":"H"})"));
}

TEST_CASE("parse_projection", "[resource][project]")
{
    const scim::projection p = scim::parse_projection("userName,,name.givenName,", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
    REQUIRE(p.attributes.size() == 2);
    CHECK(p.attributes[1].attribute == "name");
    CHECK(p.attributes[1].sub_attribute == "givenName");
    REQUIRE(p.excluded_attributes.size() == 1);
    CHECK(p.excluded_attributes[0].schema_urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    CHECK(scim::parse_projection("", "").empty());

    for (const char* bad : {"na me", "name.", "1abc", "name.given.Name"}) {
        INFO(bad);
        try {
            scim::parse_projection(bad, "");
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.type() == scim::scim_type::invalid_path);
        }
    }
}

TEST_CASE("project: value filters in attributes and excludedAttributes select elements", "[resource][project]")
{
    const char* const schemas = R"("schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])";
    const std::string id = std::string("{") + schemas + R"(,"id":"2819c223",)";
    // Microsoft's Entra ID collection: the matching elements only.
    CHECK(projected("User", stored_user, R"(emails[type eq "work"])", "") ==
          canonical((id + R"("emails":[{"value":"bjensen@example.com","type":"work","primary":true}]})").c_str()));
    // With a sub-attribute after ']', and beside a plain attribute.
    CHECK(projected("User", stored_user, R"(userName,emails[type eq "home"].value)", "") ==
          canonical((id + R"("userName":"bjensen","emails":[{"value":"babs@example.org"}]})").c_str()));
    // A comma inside the filter's string does not split the list; no match: no attribute.
    CHECK(projected("User", stored_user, R"(emails[value co ","],userName)", "") ==
          canonical((id + R"("userName":"bjensen"})").c_str()));
    // Named unfiltered as well: every element.
    CHECK(json::parse(projected("User", stored_user, R"(emails[type eq "work"],emails)", "")).at("emails").as_array().size() ==
          2);
    // excludedAttributes leaves the matching elements out, the rest stays.
    const auto without_work = json::parse(projected("User", stored_user, "", R"(emails[type eq "work"])"));
    REQUIRE(without_work.at("emails").as_array().size() == 1);
    CHECK(without_work.at("emails").at(0).at("type") == "home");
    CHECK(without_work.as_object().contains("userName"));

    const auto refused = [](const char* attributes, const char* excluded, scim::scim_type expected) {
        INFO(attributes << " / " << excluded);
        try {
            const auto& user = *registry().find_resource_type("User");
            scim::check_projection(scim::parse_projection(attributes, excluded), user);
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == expected);
            return;
        }
        FAIL("accepted");
    };
    refused(R"(emails[type eq "work")", "", scim::scim_type::invalid_path);
    refused("", R"(emails[type eq "work"].value)", scim::scim_type::invalid_path);
    refused(R"(emails[primary gt false])", "", scim::scim_type::invalid_filter);
}
