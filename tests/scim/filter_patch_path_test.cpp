// parse_patch_path (RFC 7644 §3.5.2): attribute paths, value-filter paths and
// their sub-attributes, URN paths; 400 invalidPath otherwise.

#include "fixtures_filter.hpp"

#include "scim/error.hpp"

#include <catch2/catch.hpp>

TEST_CASE("PATCH paths: attribute, value filter and sub-attribute", "[filter][patch_path]")
{
    struct parsed {
        const char* text;
        const char* attribute;  // attribute_path::to_string()
        const char* filter;     // describe(), or "" for none
        const char* sub;
    };
    const parsed cases[] = {
        {"members", "members", "", ""},
        {"userName", "userName", "", ""},
        {"name.familyName", "name.familyName", "", ""},
        {R"(members[value eq "2819c223-7f76-453a-919d-413861904646"])", "members",
         R"((eq value "2819c223-7f76-453a-919d-413861904646"))", ""},
        {R"(emails[type eq "work"].value)", "emails", R"((eq type "work"))", "value"},
        {R"(emails[type eq "work" and primary eq true].display)", "emails",
         R"((and (eq type "work") (eq primary true)))", "display"},
        {R"(addresses[type eq "work"].streetAddress)", "addresses", R"((eq type "work"))", "streetAddress"},
        {R"(members[value eq abc])", "members", R"((eq value "abc"))", ""},
        {R"( emails[ type eq "work" ] . value )", "emails", R"((eq type "work"))", "value"},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "", ""},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "", ""},
        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "", ""},
        {R"(urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value)",
         "urn:ietf:params:scim:schemas:core:2.0:User:emails", R"((eq type "work"))", "value"},
    };
    for (const parsed& c : cases) {
        INFO(c.text);
        const scim::patch_path path = scim::parse_patch_path(c.text);
        CHECK(path.attribute.to_string() == c.attribute);
        CHECK((path.value_filter ? filter_fixtures::describe(*path.value_filter) : "") == std::string(c.filter));
        CHECK(path.filtered_sub_attribute == c.sub);
    }
}

TEST_CASE("malformed PATCH paths are 400 invalidPath with a position", "[filter][patch_path]")
{
    const std::pair<const char*, const char*> cases[] = {
        {"", "at character 1: expected an attribute path, found the end of the input"},
        {"name.", "at character 1: expected an attribute path ('' is not a valid sub-attribute name)"},
        {"name.familyName.x", "is not a valid sub-attribute name"},
        {"members[", "at character 9: expected an attribute name, '(' or 'not'"},
        {"members[]", "at character 9: expected an attribute name, '(' or 'not', found ']'"},
        {R"(members[value eq "x")", "at character 21: expected ']'"},
        {R"(members[value eq "x"]x)", "at character 22: expected '.subAttribute' or the end of the path"},
        {R"(members[value eq "x"].)", "at character 23: expected an attribute name"},
        {R"(emails[type eq "work"].value.x)", "expected a single sub-attribute name after ']'"},
        {R"(emails[type eq "work"].value eq "x")", "expected '.subAttribute' or the end of the path"},
        {R"(name.familyName[value pr])", "at character 1: expected an attribute without sub-attribute"},
        {R"(members[value eq])", "at character 17: expected a comparison value"},
        {R"(members[value xx "a"])", "at character 15: expected an operator"},
        {R"(members[type[value pr]])", "value filters cannot be nested"},
        {"userName eq \"x\"", "at character 10: expected '[', a valid attribute path or the end of the path"},
        {"user name", "at character 6: expected '[', a valid attribute path or the end of the path"},
        {"\"userName\"", "at character 1: expected an attribute name"},
    };
    for (const auto& [text, detail] : cases) {
        INFO(text);
        try {
            scim::parse_patch_path(text);
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_path);
            CHECK_THAT(e.detail(), Catch::Contains(detail));
        }
    }
}

TEST_CASE("value filters in PATCH paths select elements", "[filter][patch_path]")
{
    const scim::attribute& emails = *filter_fixtures::user_type().core->find("emails");
    const scim::patch_path path = scim::parse_patch_path(R"(emails[type eq "work"].value)");
    const boost::json::array elements = filter_fixtures::bjensen()["emails"].as_array();
    CHECK(scim::element_matches(*path.value_filter, elements[0], emails));
    CHECK_FALSE(scim::element_matches(*path.value_filter, elements[1], emails));
}
