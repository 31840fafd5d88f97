// find_equality_hint: the indexed equality a filter implies, and nothing
// when the filter does not imply one.

#include "fixtures_filter.hpp"

#include <catch2/catch.hpp>

TEST_CASE("equality hints for the look-ups identity providers send", "[filter][equality_hint]")
{
    struct hint_case {
        const char* filter;
        const char* attribute;  // "" when no hint is expected; "emails.value" for the sub-attribute
        const char* value;
    };
    const hint_case cases[] = {
        {R"(userName eq "bjensen")", "userName", "bjensen"},
        {R"(USERNAME Eq "BJensen")", "userName", "BJensen"},
        {R"(urn:ietf:params:scim:schemas:core:2.0:User:userName eq "b")", "userName", "b"},
        {R"(externalId eq "701984")", "externalId", "701984"},
        {R"(externalId eq 701984)", "externalId", "701984"},  // unquoted (old Entra ID)
        {R"(externalId eq 7.5)", "", ""},
        {R"(externalId eq abc)", "externalId", "abc"},  // unquoted bare value
        {R"(id eq "2819c223")", "id", "2819c223"},
        {R"(displayName eq "Babs")", "displayName", "Babs"},
        {R"(emails.value eq "a@x")", "emails.value", "a@x"},
        {R"(emails[value eq "a@x"])", "emails.value", "a@x"},
        {R"(emails[type eq "work" and value eq "a@x"])", "emails.value", "a@x"},
        {R"(emails[type eq "work"].value eq "a@x")", "emails.value", "a@x"},
        {R"(active eq true and userName eq "b")", "userName", "b"},
        {R"(userName eq "a" and externalId eq "b")", "userName", "a"},
        {R"(title pr and (active eq true and externalId eq "e"))", "externalId", "e"},
        {R"(userName eq "a" or userName eq "b")", "", ""},
        {R"(not (userName eq "a"))", "", ""},
        {R"(userName ne "a")", "", ""},
        {R"(userName co "a")", "", ""},
        {R"(userName eq null)", "", ""},
        {R"(title eq "Boss")", "", ""},
        {R"(name.familyName eq "x")", "", ""},
        {R"(emails.type eq "work")", "", ""},
        {R"(emails[type eq "work"])", "", ""},
        {R"(emails[type eq "work" or value eq "a@x"])", "", ""},
        {R"(ims[value eq "x"])", "", ""},
        {R"(emails eq "a@x")", "", ""},
        {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1")", "", ""},
        {R"(noSuch eq "x")", "", ""},
    };
    for (const hint_case& c : cases) {
        INFO(c.filter);
        const auto hint = scim::find_equality_hint(*scim::parse_filter(c.filter), filter_fixtures::user_type());
        REQUIRE(hint.has_value() == (c.attribute[0] != '\0'));
        if (!hint)
            continue;
        std::string name = hint->attribute.attr->name;
        if (hint->attribute.sub)
            name += "." + hint->attribute.sub->name;
        CHECK(name == c.attribute);
        CHECK(hint->value == c.value);
    }
}

TEST_CASE("equality hints on groups: displayName", "[filter][equality_hint]")
{
    const auto hint =
        scim::find_equality_hint(*scim::parse_filter(R"(displayName eq "Admins")"), filter_fixtures::group_type());
    REQUIRE(hint);
    CHECK(hint->attribute.attr->name == "displayName");
    CHECK(hint->value == "Admins");
    CHECK_FALSE(scim::find_equality_hint(*scim::parse_filter(R"(members[value eq "x"])"), filter_fixtures::group_type()));
}
