// parse_filter: the RFC 7644 §3.4.2.2 grammar, precedence, literals, the
// identity providers' forms, and errors that say where and what.

#include "fixtures_filter.hpp"

#include "scim/error.hpp"

#include <catch2/catch.hpp>

#include <functional>

using filter_fixtures::describe;

TEST_CASE("every example filter of RFC 7644 §3.4.2.2 parses", "[filter][parser]")
{
    const char* examples[] = {
        R"(userName Eq "john")",
        R"(Username eq "john")",
        R"(userName eq "bjensen")",
        R"(name.familyName co "O'Malley")",
        R"(userName sw "J")",
        R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J")",
        R"(title pr)",
        R"(meta.lastModified gt "2011-05-13T04:42:34Z")",
        R"(meta.lastModified ge "2011-05-13T04:42:34Z")",
        R"(meta.lastModified lt "2011-05-13T04:42:34Z")",
        R"(meta.lastModified le "2011-05-13T04:42:34Z")",
        R"(title pr and userType eq "Employee")",
        R"(title pr or userType eq "Intern")",
        R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")",
        R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))",
        R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))",
        R"(userType eq "Employee" and (emails.type eq "work"))",
        R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])",
        R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])",
    };
    for (const char* text : examples) {
        INFO(text);
        CHECK_NOTHROW(scim::parse_filter(text));
    }
}

TEST_CASE("filter trees: precedence not > and > or, parentheses, value paths", "[filter][parser]")
{
    const std::pair<const char*, const char*> cases[] = {
        {R"(a pr or b pr and c pr)", "(or (pr a) (and (pr b) (pr c)))"},
        {R"(a pr and b pr or c pr)", "(or (and (pr a) (pr b)) (pr c))"},
        {R"((a pr or b pr) and c pr)", "(and (or (pr a) (pr b)) (pr c))"},
        {R"(not (a pr) and b pr)", "(and (not (pr a)) (pr b))"},
        {R"(not (a pr and b pr))", "(not (and (pr a) (pr b)))"},
        {R"(not a pr or b pr)", "(or (not (pr a)) (pr b))"},
        {R"(((a pr)))", "(pr a)"},
        {R"(a pr and b pr and c pr and d pr)", "(and (and (pr a) (pr b)) (and (pr c) (pr d)))"},
        {R"(a pr or b pr or c pr)", "(or (pr a) (or (pr b) (pr c)))"},
        {R"(userName eq "x")", R"((eq userName "x"))"},
        {R"(USERNAME EQ "x" AND Title PR)", R"((and (eq USERNAME "x") (pr Title)))"},
        {R"(name.familyName co "O'Malley")", R"((co name.familyName "O'Malley"))"},
        {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m")",
         R"((eq urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value "m"))"},
        {R"(emails[type eq "work" and value co "@x"])", R"((emails[] (and (eq type "work") (co value "@x"))))"},
        {R"(emails[type eq "work"].value eq "a@x")", R"((emails[] (and (eq type "work") (eq value "a@x"))))"},
        {R"(emails[type eq "work"].value pr)", R"((emails[] (and (eq type "work") (pr value))))"},
        {R"(emails[not (type eq "work")])", R"((emails[] (not (eq type "work"))))"},
        {R"(a eq "1" and emails[type eq "w"] or b pr)", R"((or (and (eq a "1") (emails[] (eq type "w"))) (pr b)))"},
        {"userName\teq\n\"x\"", R"((eq userName "x"))"},
        {R"((userName eq "x")and(title pr))", R"((and (eq userName "x") (pr title)))"},
        {R"(members.$ref pr)", "(pr members.$ref)"},
    };
    for (const auto& [text, tree] : cases) {
        INFO(text);
        CHECK(describe(text) == tree);
    }
}

TEST_CASE("filter literals: JSON strings, numbers, booleans, null, every operator", "[filter][parser]")
{
    const std::pair<const char*, const char*> cases[] = {
        {R"(a eq "say \"hi\"")", R"((eq a "say \"hi\""))"},
        {R"(a eq "back\\slash")", R"((eq a "back\\slash"))"},
        {R"(a eq "\u00e9t\u00E9")", "(eq a \"\xC3\xA9t\xC3\xA9\")"},
        {R"(a eq "tab\there")", R"((eq a "tab\there"))"},
        {R"(a eq "")", R"((eq a ""))"},
        {R"(a eq "and")", R"((eq a "and"))"},
        {R"(a eq 42)", "(eq a 42)"},
        {R"(a eq -7)", "(eq a -7)"},
        {R"(a eq 2.5)", "(eq a 2.5E0)"},
        {R"(a eq 1e3)", "(eq a 1E3)"},
        {R"(a eq -1.5E-2)", "(eq a -1.5E-2)"},
        {R"(a eq true)", "(eq a true)"},
        {R"(a eq False)", "(eq a false)"},
        {R"(a eq NULL)", "(eq a null)"},
        {R"(a ne "v")", R"((ne a "v"))"},
        {R"(a co "v")", R"((co a "v"))"},
        {R"(a sw "v")", R"((sw a "v"))"},
        {R"(a ew "v")", R"((ew a "v"))"},
        {R"(a gt 1)", "(gt a 1)"},
        {R"(a ge 1)", "(ge a 1)"},
        {R"(a lt 1)", "(lt a 1)"},
        {R"(a le 1)", "(le a 1)"},
        {R"(a Pr)", "(pr a)"},
    };
    for (const auto& [text, tree] : cases) {
        INFO(text);
        CHECK(describe(text) == tree);
    }
}

TEST_CASE("unquoted values are read leniently as strings (old Entra ID queries)", "[filter][parser]")
{
    const std::pair<const char*, const char*> cases[] = {
        {"userName eq someone@x.com", R"((eq userName "someone@x.com"))"},
        {"externalId eq 2819c223-7f76", R"((eq externalId "2819c223-7f76"))"},
        {"externalId eq 007", R"((eq externalId "007"))"},
        {"userName eq someone@x.com and active eq true", R"((and (eq userName "someone@x.com") (eq active true)))"},
        {"members[value eq abc-123]", R"((members[] (eq value "abc-123")))"},
        {"(userName eq bob)", R"((eq userName "bob"))"},
    };
    for (const auto& [text, tree] : cases) {
        INFO(text);
        CHECK(describe(text) == tree);
    }
}

TEST_CASE("malformed filters are invalidFilter naming the position and what was expected", "[filter][parser]")
{
    struct bad {
        const char* text;
        const char* detail_part;
    };
    const bad cases[] = {
        {"", "at character 1: expected an attribute name, '(' or 'not', found the end of the input"},
        {"userName", "at character 9: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found the end"},
        {"userName eq", "at character 12: expected a comparison value"},
        {"userName eq and", "at character 13: expected a comparison value"},
        {"userName eq pr", "at character 13: expected a comparison value"},
        {"userName xx \"a\"", "at character 10: expected an operator"},
        {"userName eq \"a", "at character 13: expected a closing '\"'"},
        {"userName eq \"a\\q\"", "at character 13: expected a valid JSON string"},
        {"userName eq \"a\" title pr", "at character 17: expected 'and', 'or' or the end of the filter, found 'title'"},
        {"(userName pr", "at character 13: expected ')' or a logical operator (and, or) to match '(' at character 1"},
        {"userName pr)", "at character 12: expected the end of the filter (unbalanced ')')"},
        {"emails[type eq \"w\"", "expected ']' or a logical operator (and, or) to match '[' at character 7"},
        {"emails[type[value pr]]", "at character 12: expected an operator; value filters cannot be nested"},
        {"emails[emails.type eq \"w\"]", "at character 8: expected a sub-attribute name relative to the element"},
        {"name.familyName[value pr]", "at character 1: expected an attribute without sub-attribute before '['"},
        {"a.b.c pr", "at character 1: expected an attribute path ('b.c' is not a valid sub-attribute name)"},
        {"1abc pr", "at character 1: expected an attribute path ('1abc' is not a valid attribute name)"},
        {"userName eq \"a\" and", "at character 20: expected an attribute name, '(' or 'not'"},
        {"and pr", "at character 1: expected an attribute name, '(' or 'not', found 'and'"},
        {"userName @ \"a\"", "at character 10: expected an attribute name, operator, parenthesis or bracket, found '@'"},
        {"emails[type eq \"w\"].", "at character 21: expected an attribute name, found the end"},
        {"emails[type eq \"w\"].value", "at character 26: expected an operator"},
        {"not", "at character 4: expected an attribute name, '(' or 'not'"},
        {"urn:ietf:params:scim:schemas:core:2.0:User: pr", "names no attribute after the schema URN"},
    };
    for (const bad& c : cases) {
        INFO(c.text);
        try {
            scim::parse_filter(c.text);
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_filter);
            CHECK_THAT(e.detail(), Catch::Contains(c.detail_part));
        }
    }
}

TEST_CASE("nesting is bounded: 64 levels parse, deeper and hostile inputs are rejected", "[filter][parser]")
{
    auto nested = [](int levels, const std::string& open, const std::string& close) {
        std::string text;
        for (int i = 0; i < levels; ++i)
            text += open;
        text += "a pr";
        for (int i = 0; i < levels; ++i)
            text += close;
        return text;
    };
    const auto rejects_depth = [](const std::string& text) {
        try {
            scim::parse_filter(text);
            return false;
        } catch (const scim::error& e) {
            return e.type() == scim::scim_type::invalid_filter
                && e.detail().find("at most 64 levels of nesting") != std::string::npos;
        }
    };
    CHECK_NOTHROW(scim::parse_filter(nested(64, "(", ")")));
    CHECK(rejects_depth(nested(65, "(", ")")));
    CHECK(rejects_depth(nested(10'000, "(", ")")));
    CHECK(rejects_depth(std::string(100'000, '(')));
    CHECK_NOTHROW(scim::parse_filter(nested(64, "not ", "")));
    CHECK(rejects_depth(nested(10'000, "not (", ")")));
    // not and parentheses count alike: 32 x "not (" is 64 levels, 33 is 66.
    CHECK_NOTHROW(scim::parse_filter(nested(32, "not (", ")")));
    CHECK(rejects_depth(nested(33, "not (", ")")));
    // Depth is nesting, not count: many shallow groups side by side are fine.
    std::string wide = "(a pr)";
    for (int i = 0; i < 200; ++i)
        wide += " and (((b pr)))";
    CHECK_NOTHROW(scim::parse_filter(wide));
}

TEST_CASE("long flat and/or chains parse into shallow trees", "[filter][parser]")
{
    std::string text = "id eq \"0\"";
    for (int i = 1; i < 20'000; ++i)
        text += (i % 2 ? " or id eq \"" : " and id eq \"") + std::to_string(i) + "\"";
    const scim::filter_ptr filter = scim::parse_filter(text);
    // Depth of the tree: balanced chains keep evaluation and destruction
    // recursion logarithmic.
    std::function<int(const scim::filter_node&)> depth = [&](const scim::filter_node& n) -> int {
        if (const auto* l = std::get_if<scim::logical_filter>(&n.node))
            return 1 + std::max(depth(*l->left), depth(*l->right));
        return 1;
    };
    CHECK(depth(*filter) < 40);
}
