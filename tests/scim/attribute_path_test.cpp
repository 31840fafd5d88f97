// parse_attribute_path and resolve (RFC 7644 §3.10): plain, dotted and
// URN-qualified paths, and what they resolve to in the User type.

#include "fixtures_filter.hpp"

#include "scim/attribute_path.hpp"
#include "scim/error.hpp"

#include <catch2/catch.hpp>

TEST_CASE("attribute paths split into URN, attribute and sub-attribute", "[attribute_path]")
{
    struct parsed {
        const char* text;
        const char* urn;
        const char* attribute;
        const char* sub;
    };
    const parsed cases[] = {
        {"userName", "", "userName", ""},
        {"name.familyName", "", "name", "familyName"},
        {"members.$ref", "", "members", "$ref"},
        {"x509Certificates.value", "", "x509Certificates", "value"},
        {"urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:ietf:params:scim:schemas:core:2.0:User",
         "userName", ""},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value"},
        {"URN:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
         "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User", "employeeNumber", ""},
        {"a-b_c", "", "a-b_c", ""},
    };
    for (const parsed& c : cases) {
        INFO(c.text);
        const scim::attribute_path path = scim::parse_attribute_path(c.text);
        CHECK(path.schema_urn == c.urn);
        CHECK(path.attribute == c.attribute);
        CHECK(path.sub_attribute == c.sub);
        CHECK(path.to_string() == c.text);
    }
}

TEST_CASE("malformed attribute paths are 400 invalidPath", "[attribute_path]")
{
    const std::pair<const char*, const char*> cases[] = {
        {"", "'' is not a valid attribute name"},
        {"1name", "'1name' is not a valid attribute name"},
        {"name.", "'' is not a valid sub-attribute name"},
        {".name", "'' is not a valid attribute name"},
        {"name.given.more", "'given.more' is not a valid sub-attribute name"},
        {"user name", "'user name' is not a valid attribute name"},
        {"foo:bar", "'foo:bar' is not a valid attribute name"},
        {"$", "'$' is not a valid attribute name"},
        {"urn:ietf:params:scim:schemas:core:2.0:User:", "names no attribute after the schema URN"},
        {"urn::userName", "has an empty URN segment"},
        {"emails[type eq \"work\"]", "is not a valid attribute name"},
    };
    for (const auto& [text, detail] : cases) {
        INFO(text);
        try {
            scim::parse_attribute_path(text);
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_path);
            CHECK_THAT(e.detail(), Catch::Contains(detail));
        }
        CHECK_FALSE(scim::try_parse_attribute_path(text));
    }
}

TEST_CASE("paths resolve against core, common attributes and extensions", "[attribute_path]")
{
    const scim::resource_type& user = filter_fixtures::user_type();
    const scim::schema* enterprise = user.find_extension(scim::urn::enterprise_user);
    REQUIRE(enterprise);
    struct resolution {
        const char* text;
        const scim::schema* owner;  // nullptr: does not resolve
        const char* attr;
        const char* sub;
    };
    const resolution cases[] = {
        {"userName", user.core, "userName", ""},
        {"USERNAME", user.core, "userName", ""},
        {"name.FamilyName", user.core, "name", "familyName"},
        {"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", user.core, "name", "givenName"},
        {"id", &scim::common_attributes(), "id", ""},
        {"meta.lastModified", &scim::common_attributes(), "meta", "lastModified"},
        {"urn:ietf:params:scim:schemas:core:2.0:User:externalId", &scim::common_attributes(), "externalId", ""},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", enterprise, "manager", "value"},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:EMPLOYEENUMBER", enterprise, "employeeNumber",
         ""},
        {"employeeNumber", enterprise, "employeeNumber", ""},
        {"nothing", nullptr, "", ""},
        {"name.nothing", nullptr, "", ""},
        {"userName.sub", nullptr, "", ""},  // a simple attribute has no sub-attributes
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName", nullptr, "", ""},
        {"urn:example:unknown:User:userName", nullptr, "", ""},
        {"urn:ietf:params:scim:schemas:core:2.0:Group:userName", nullptr, "", ""},
    };
    for (const resolution& c : cases) {
        INFO(c.text);
        const auto resolved = scim::resolve(user, scim::parse_attribute_path(c.text));
        REQUIRE(resolved.has_value() == (c.owner != nullptr));
        if (!resolved)
            continue;
        CHECK(resolved->owner == c.owner);
        CHECK(resolved->attr->name == c.attr);
        CHECK((resolved->sub ? resolved->sub->name : std::string()) == c.sub);
        CHECK(resolved->in_extension() == (c.owner == enterprise));
    }
}
