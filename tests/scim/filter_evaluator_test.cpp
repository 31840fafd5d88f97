// matches / element_matches: RFC 7644 §3.4.2.2 semantics on canonical
// resources, every operator against every attribute type, and the errors the
// RFC prescribes for comparisons that make no sense.

#include "fixtures_filter.hpp"

#include "scim/error.hpp"

#include <catch2/catch.hpp>

#include <ctime>

namespace {

struct expectation {
    const char* filter;
    bool matches;
};

void check_all(std::initializer_list<expectation> cases, const boost::json::object& resource,
               const scim::resource_type& type)
{
    for (const expectation& c : cases) {
        INFO(c.filter);
        CHECK(scim::matches(*scim::parse_filter(c.filter), resource, type) == c.matches);
    }
}

} // namespace

TEST_CASE("RFC 7644 example filters against Babs Jensen", "[filter][evaluator]")
{
    check_all(
        {
            {R"(userName eq "bjensen@example.com")", true},
            {R"(Username EQ "BJENSEN@EXAMPLE.COM")", true},  // userName is not caseExact
            {R"(userName eq "bjensen")", false},
            {R"(name.familyName co "O'Malley")", true},
            {R"(name.familyName co "o'mal")", true},
            {R"(userName sw "J")", false},
            {R"(userName sw "BJ")", true},
            {R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "b")", true},
            {R"(urn:ietf:params:scim:schemas:core:2.0:Group:userName sw "b")", false},
            {R"(title pr)", true},
            {R"(nickName pr)", false},
            {R"(meta.lastModified gt "2011-05-13T04:42:34Z")", false},
            {R"(meta.lastModified ge "2011-05-13T04:42:34Z")", true},
            {R"(meta.lastModified lt "2011-05-13T04:42:34Z")", false},
            {R"(meta.lastModified le "2011-05-13T04:42:34Z")", true},
            {R"(meta.lastModified gt "2011-05-13T06:42:33+02:00")", true},
            {R"(title pr and userType eq "Employee")", true},
            {R"(title pr or userType eq "Intern")", true},
            {R"(nickName pr or userType eq "Intern")", false},
            {R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")", true},
            {R"(schemas eq "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER")", true},
            {R"(schemas eq "urn:example:other")", false},
            {R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))", true},
            {R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))", false},
            {R"(userType eq "Employee" and (emails.type eq "work"))", true},
            {R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])", true},
            {R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])",
             true},
        },
        filter_fixtures::bjensen(), filter_fixtures::user_type());
}

TEST_CASE("multi-valued and complex attributes: any element, same element inside [...]", "[filter][evaluator]")
{
    check_all(
        {
            // The bracket form ties both conditions to one element...
            {R"(emails[type eq "home" and value co "@example.com"])", false},
            {R"(emails[type eq "home" and value co "@jensen.org"])", true},
            // ...the dotted form does not.
            {R"(emails.type eq "home" and emails.value co "@example.com")", true},
            {R"(emails eq "babs@jensen.org")", true},
            {R"(emails ew ".ORG")", true},
            {R"(emails[type eq "work"].value eq "bjensen@example.com")", true},
            {R"(emails[type eq "work"].value eq "babs@jensen.org")", false},
            {R"(emails[primary eq true].type eq "work")", true},
            {R"(emails[primary eq true and type eq "home"])", false},
            {R"(emails[not (type eq "work")])", true},
            {R"(emails[type eq "other"])", false},
            {R"(emails[unknownSub eq "x"])", false},
            {R"(ims[type eq "aim"])", true},
            {R"(phoneNumbers[type eq "work"])", false},
            {R"(name[givenName eq "barbara"])", true},
            {R"(emails pr)", true},
            {R"(phoneNumbers pr)", false},
            {R"(name pr)", true},
            {R"(name.middleName pr)", false},
            {R"(emails.display pr)", false},
        },
        filter_fixtures::bjensen(), filter_fixtures::user_type());
}

TEST_CASE("extension, common attributes, null, ne and unknown attributes", "[filter][evaluator]")
{
    check_all(
        {
            {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d")",
             true},
            {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984")", true},
            {R"(URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EmployeeNumber eq "701984")", true},
            {R"(employeeNumber eq "701984")", true},  // unqualified extension attribute
            {R"(manager.displayName sw "john")", true},
            {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr)", false},
            {R"(id eq "2819c223-7f76-453a-919d-413861904646")", true},
            {R"(id eq "2819C223-7F76-453A-919D-413861904646")", false},  // id is caseExact
            {R"(externalId eq "701984")", true},
            {R"(externalId eq 701984)", true},  // unquoted (old Entra ID)
            {R"(userName eq bjensen@example.com)", true},
            {R"(meta.resourceType eq "User")", true},
            {R"(active eq true)", true},
            {R"(active eq "True")", true},
            {R"(active eq false)", false},
            {R"(active ne false)", true},
            {R"(active eq 1)", false},
            {R"(nickName eq null)", true},
            {R"(title eq null)", false},
            {R"(title ne null)", true},
            {R"(nickName ne null)", false},
            {R"(nickName ne "x")", true},  // ne on a missing attribute
            {R"(emails ne "babs@jensen.org")", false},  // ne: no element equals
            {R"(emails ne "nobody@x")", true},
            {R"(title eq 5)", false},
            {R"(noSuchAttribute eq "x")", false},
            {R"(noSuchAttribute ne "x")", false},
            {R"(noSuchAttribute pr)", false},
            {R"(not (noSuchAttribute eq "x"))", true},
            {R"(name.noSuchSub eq "x")", false},
            {R"(urn:example:unknown:2.0:User:title pr)", false},
            {R"(noSuchAttribute gt true)", false},  // unknown: no type to object to
        },
        filter_fixtures::bjensen(), filter_fixtures::user_type());
}

TEST_CASE("every operator against every attribute type", "[filter][evaluator]")
{
    check_all(
        {
            // string, not caseExact
            {R"(text eq "hello world")", true},
            {R"(text eq "Hello")", false},
            {R"(text ne "HELLO WORLD")", false},
            {R"(text co "LO WO")", true},
            {R"(text co "")", true},
            {R"(text sw "hello")", true},
            {R"(text sw "world")", false},
            {R"(text ew "WORLD")", true},
            {R"(text ew "hello")", false},
            {R"(text gt "Hello")", true},
            {R"(text gt "hello world")", false},
            {R"(text ge "HELLO WORLD")", true},
            {R"(text lt "i")", true},
            {R"(text le "a")", false},
            {R"(text pr)", true},
            // string, caseExact
            {R"(exact eq "CaseMatters")", true},
            {R"(exact eq "casematters")", false},
            {R"(exact ne "casematters")", true},
            {R"(exact co "Matters")", true},
            {R"(exact co "matters")", false},
            {R"(exact sw "case")", false},
            {R"(exact ew "Matters")", true},
            {R"(exact lt "casematters")", true},  // 'C' < 'c'
            {R"(exact gt "CaseMatter")", true},
            // boolean
            {R"(flag eq true)", true},
            {R"(flag eq false)", false},
            {R"(flag ne false)", true},
            {R"(flag eq "TRUE")", true},
            {R"(flag eq "yes")", false},
            {R"(flag pr)", true},
            // integer
            {R"(count eq 42)", true},
            {R"(count eq 42.0)", true},
            {R"(count ne 41)", true},
            {R"(count gt 41)", true},
            {R"(count gt 42)", false},
            {R"(count ge 42)", true},
            {R"(count lt 43)", true},
            {R"(count le 41)", false},
            {R"(count eq "42")", false},
            // decimal
            {R"(ratio eq 2.5)", true},
            {R"(ratio gt 2)", true},
            {R"(ratio lt 2.51)", true},
            {R"(ratio ge 3)", false},
            {R"(ratio le 25e-1)", true},
            // dateTime: chronological, offsets and fractions
            {R"(when eq "2020-06-15T12:00:00Z")", true},
            {R"(when eq "2020-06-15T14:00:00+02:00")", true},
            {R"(when eq "2020-06-15T12:00:00.000Z")", true},
            {R"(when ne "2020-06-15T12:00:00.001Z")", true},
            {R"(when gt "2020-06-15T11:59:59.999Z")", true},
            {R"(when lt "2020-06-15T12:00:00.001Z")", true},
            {R"(when ge "2021-01-01T00:00:00Z")", false},
            {R"(when le "2020-06-15T08:00:00-04:00")", true},
            {R"(when lt "2020-06-15T08:00:00-04:00")", false},
            {R"(when sw "2020-06")", true},
            {R"(when co "T12")", true},
            // binary: case matters (base64)
            {R"(blob eq "QUJD")", true},
            {R"(blob eq "qujd")", false},
            {R"(blob ne "qujd")", true},
            {R"(blob sw "QU")", true},
            // reference, caseExact
            {R"(link eq "https://example.com/Users/Abc")", true},
            {R"(link eq "https://example.com/users/abc")", false},
            {R"(link sw "https://")", true},
            // multi-valued string: any element
            {R"(tags eq "green")", true},
            {R"(tags eq "blue")", false},
            {R"(tags ne "red")", false},
            {R"(tags co "EE")", true},
            {R"(tags gt "r")", true},
            {R"(tags lt "a")", false},
            {R"(tags pr)", true},
            // singular complex with sub-attributes
            {R"(pair.left eq "l")", true},
            {R"(pair.right gt 6)", true},
            {R"(pair.right eq 8)", false},
            {R"(pair eq "L")", false},
        },
        filter_fixtures::typed_resource(), filter_fixtures::typed_type());
}

TEST_CASE("pr is false for empty strings, arrays and objects", "[filter][evaluator]")
{
    const auto resource = boost::json::parse(R"({"text": "", "tags": [], "pair": {}, "flag": false, "count": 0})")
                              .as_object();
    check_all({{"text pr", false},
               {"tags pr", false},
               {"pair pr", false},
               {"flag pr", true},
               {"count pr", true},
               {"text eq null", true},
               {"text eq \"\"", true}},
              resource, filter_fixtures::typed_type());
}

TEST_CASE("comparisons the RFC forbids are 400 invalidFilter, whatever the data", "[filter][evaluator]")
{
    const std::pair<const char*, const char*> cases[] = {
        {R"(flag gt true)", "booleans and binary values have no order"},
        {R"(flag le false)", "booleans and binary values have no order"},
        {R"(blob lt "B")", "booleans and binary values have no order"},
        {R"(flag co "t")", "co, sw and ew apply to strings"},
        {R"(count sw "4")", "co, sw and ew apply to strings"},
        {R"(ratio ew "5")", "co, sw and ew apply to strings"},
        {R"(pair gt "x")", "it is complex"},
        {R"(pair co "x")", "it is complex"},
        {R"(when gt "yesterday")", "is not an xsd:dateTime"},
        {R"(when eq "2020-13-01T00:00:00Z")", "is not an xsd:dateTime"},
        {R"(text gt null)", "only eq and ne compare with null"},
        {R"(text co null)", "only eq and ne compare with null"},
    };
    // The resource lacks every attribute: the error must not depend on data.
    const boost::json::object resources[] = {boost::json::object{}, filter_fixtures::typed_resource()};
    for (const auto& [text, detail] : cases) {
        INFO(text);
        for (const boost::json::object& resource : resources) {
            try {
                scim::matches(*scim::parse_filter(text), resource, filter_fixtures::typed_type());
                FAIL("accepted");
            } catch (const scim::error& e) {
                CHECK(e.status() == 400);
                CHECK(e.type() == scim::scim_type::invalid_filter);
                CHECK_THAT(e.detail(), Catch::Contains(detail));
            }
        }
    }
    CHECK_THROWS_AS(scim::matches(*scim::parse_filter("active gt false"), filter_fixtures::bjensen(),
                                  filter_fixtures::user_type()),
                    scim::error);
    CHECK_THROWS_AS(scim::matches(*scim::parse_filter("name lt \"x\""), filter_fixtures::bjensen(),
                                  filter_fixtures::user_type()),
                    scim::error);
}

TEST_CASE("check_filter refuses a forbidden comparison before any resource is read", "[filter][evaluator]")
{
    const auto& user = filter_fixtures::user_type();
    const auto refused = [&](const char* text) {
        INFO(text);
        try {
            scim::check_filter(*scim::parse_filter(text), user);
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_filter);
            return true;
        }
        return false;
    };
    CHECK(refused("active gt true"));
    // Behind operands `and`/`or` would never evaluate, and inside [...].
    CHECK(refused(R"(userName eq "nobody" and active ge false)"));
    CHECK(refused(R"(userName pr or not (active lt true))"));
    CHECK(refused(R"(emails[type eq "work" and primary gt false])"));
    CHECK(refused(R"(meta.lastModified gt "yesterday")"));
    CHECK_FALSE(refused(R"(active eq true and emails[type eq "work"] and meta.created gt "2020-01-01T00:00:00Z")"));
    CHECK_FALSE(refused("noSuchAttribute gt true"));  // unknown: matches nothing, no error
}

TEST_CASE("element_matches evaluates value filters on one element", "[filter][evaluator]")
{
    const scim::attribute& members = *filter_fixtures::group_type().core->find("members");
    const scim::attribute& emails = *filter_fixtures::user_type().core->find("emails");
    const auto member = boost::json::parse(R"({"value": "2819c223-7f76", "type": "User", "display": "Babs"})");
    const auto email = boost::json::parse(R"({"value": "a@Example.com", "type": "work", "primary": true})");
    const auto bare = boost::json::value("2819c223-7f76");

    struct element_case {
        const char* filter;
        const boost::json::value* element;
        const scim::attribute* attr;
        bool matches;
    };
    const element_case cases[] = {
        {R"(value eq "2819c223-7f76")", &member, &members, true},
        {R"(value eq "2819C223-7F76")", &member, &members, true},  // members.value is not caseExact
        {R"(value eq "2819c223-7f77")", &member, &members, false},
        {R"(value eq "2819c223")", &member, &members, false},
        {R"(Value eq "2819c223-7f76")", &member, &members, true},
        {R"(value eq "2819c223-7f76" and type eq "user")", &member, &members, true},
        {R"(value eq "2819c223-7f76" and type eq "Group")", &member, &members, false},
        {R"(type eq "Group" or display sw "b")", &member, &members, true},
        {R"(not (value eq "2819c223-7f76"))", &member, &members, false},
        {R"($ref pr)", &member, &members, false},
        {R"(value ne "x")", &member, &members, true},
        {R"(nope eq "x")", &member, &members, false},
        {R"(value eq "2819c223-7f76")", &bare, &members, false},  // complex attribute, bare element
        {R"(value eq "A@EXAMPLE.COM")", &email, &emails, true},
        {R"(primary eq true and type eq "work")", &email, &emails, true},
        {R"(value ew ".com")", &email, &emails, true},
    };
    for (const element_case& c : cases) {
        INFO(c.filter);
        CHECK(scim::element_matches(*scim::parse_filter(c.filter), *c.element, *c.attr) == c.matches);
    }

    // A simple multi-valued attribute's elements are their own value.
    const scim::attribute& tags = *filter_fixtures::typed_type().core->find("tags");
    CHECK(scim::element_matches(*scim::parse_filter(R"(value eq "RED")"), boost::json::value("red"), tags));
    CHECK_FALSE(scim::element_matches(*scim::parse_filter(R"(value eq "blue")"), boost::json::value("red"), tags));
}

TEST_CASE("removing 1,000 members from a 10,000-member group by value filter is fast", "[filter][evaluator]")
{
    const scim::attribute& members = *filter_fixtures::group_type().core->find("members");
    auto id_of = [](int i) { return "6f1c0a52-0000-4000-8000-" + std::to_string(100'000'000'000 + i); };
    boost::json::array group_members;
    for (int i = 0; i < 10'000; ++i)
        group_members.push_back(boost::json::object{{"value", id_of(i)}, {"type", "User"}});

    std::vector<scim::filter_ptr> removals;
    for (int i = 0; i < 10'000; i += 10)
        removals.push_back(scim::parse_filter("value eq \"" + id_of(i) + "\""));

    // Processor time, not wall time: the test machine is shared.
    const std::clock_t start = std::clock();
    std::size_t matched = 0;
    for (const scim::filter_ptr& filter : removals)
        for (const boost::json::value& member : group_members)
            matched += scim::element_matches(*filter, member, members) ? 1 : 0;
    const double seconds = double(std::clock() - start) / CLOCKS_PER_SEC;

    CHECK(matched == removals.size());
    // 10 million element tests: about 0.6 s optimised on the shared 2-core
    // machine. Debug and sanitizer builds are several times slower, so
    // there the bound only catches a lost fast path.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
    CHECK(seconds < 1.5);
#else
    CHECK(seconds < 15.0);
#endif
    WARN("10M element_matches: " << seconds << " s of processor time");
}
