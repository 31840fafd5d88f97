// compare_values, parse_date_time, string folding and the sortBy lookup.

#include "fixtures_filter.hpp"

#include "scim/value_compare.hpp"

#include <catch2/catch.hpp>

using filter_fixtures::make_attribute;
using scim::attribute_type;

TEST_CASE("xsd:dateTime parsing: offsets, fractions, and rejects", "[value_compare]")
{
    const auto instant = [](const char* text) { return scim::parse_date_time(text); };
    REQUIRE(instant("1970-01-01T00:00:00Z"));
    CHECK(instant("1970-01-01T00:00:00Z")->seconds == 0);
    CHECK(instant("2011-05-13T04:42:34Z")->seconds == 1305261754);
    CHECK(instant("2011-05-13T06:42:34+02:00") == instant("2011-05-13T04:42:34Z"));
    CHECK(instant("2011-05-12T23:42:34-05:00") == instant("2011-05-13T04:42:34Z"));
    CHECK(instant("2011-05-13t04:42:34z") == instant("2011-05-13T04:42:34Z"));
    CHECK(instant("2011-05-13T04:42:34") == instant("2011-05-13T04:42:34Z"));  // no offset: UTC
    CHECK(instant("2011-05-13T04:42:34.5Z")->nanoseconds == 500'000'000);
    CHECK(instant("2011-05-13T04:42:34.123456789123Z")->nanoseconds == 123'456'789);
    CHECK(*instant("2011-05-13T04:42:34.001Z") > *instant("2011-05-13T04:42:34Z"));
    CHECK(instant("1969-12-31T23:59:59Z")->seconds == -1);
    CHECK(instant("2024-02-29T00:00:00Z"));
    CHECK(instant("2000-02-29T00:00:00Z"));

    const char* invalid[] = {
        "", "2011-05-13", "2011-05-13T04:42", "2011-5-13T04:42:34Z", "2011-05-13 04:42:34Z",
        "2011-13-01T00:00:00Z", "2011-00-01T00:00:00Z", "2011-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2011-04-31T00:00:00Z", "2011-05-13T24:00:00Z", "2011-05-13T04:60:00Z", "2011-05-13T04:42:34.Z",
        "2011-05-13T04:42:34+2:00", "2011-05-13T04:42:34+15:00", "2011-05-13T04:42:34Zjunk", "yesterday",
    };
    for (const char* text : invalid) {
        INFO(text);
        CHECK_FALSE(instant(text));
    }
}

TEST_CASE("strings fold ASCII case unless caseExact", "[value_compare]")
{
    CHECK(scim::strings_equal("Hello", "hELLO", false));
    CHECK_FALSE(scim::strings_equal("Hello", "hELLO", true));
    CHECK_FALSE(scim::strings_equal("Hello", "Hell", false));
    CHECK(scim::strings_equal("\xC3\x89t\xC3\xA9", "\xC3\x89t\xC3\xA9", false));
    CHECK(scim::compare_strings("apple", "Banana", false) < 0);
    CHECK(scim::compare_strings("apple", "Banana", true) > 0);  // 'a' > 'B' in ASCII
    CHECK(scim::compare_strings("abc", "ABCD", false) < 0);
    CHECK(scim::compare_strings("ABC", "abc", false) == 0);
}

TEST_CASE("compare_values orders per attribute type", "[value_compare]")
{
    namespace json = boost::json;
    struct ordering {
        json::value a;
        json::value b;
        scim::attribute attr;
        int expected;
    };
    const ordering cases[] = {
        {"alice", "BOB", make_attribute("s", attribute_type::string), -1},
        {"alice", "ALICE", make_attribute("s", attribute_type::string), 0},
        {"alice", "ALICE", make_attribute("s", attribute_type::string, true), 1},
        {"QUJD", "qujd", make_attribute("b", attribute_type::binary), -1},
        {2, 10, make_attribute("i", attribute_type::integer), -1},
        {10, 10, make_attribute("i", attribute_type::integer), 0},
        {9007199254740993LL, 9007199254740992LL, make_attribute("i", attribute_type::integer), 1},
        {2.5, 2, make_attribute("d", attribute_type::decimal), 1},
        {-1.5, -1.25, make_attribute("d", attribute_type::decimal), -1},
        {false, true, make_attribute("f", attribute_type::boolean), -1},
        {"2011-05-13T06:42:34+02:00", "2011-05-13T04:42:34Z", make_attribute("t", attribute_type::date_time), 0},
        {"2011-05-13T04:42:35+02:00", "2011-05-13T04:42:34Z", make_attribute("t", attribute_type::date_time), -1},
        {"garbage", "2011-05-13T04:42:34Z", make_attribute("t", attribute_type::date_time), 1},
        {nullptr, "x", make_attribute("s", attribute_type::string), -1},
        {3, "3", make_attribute("s", attribute_type::string), -1},
    };
    for (const ordering& c : cases) {
        INFO(json::serialize(c.a) << " vs " << json::serialize(c.b));
        CHECK(scim::compare_values(c.a, c.b, c.attr) == c.expected);
        CHECK(scim::compare_values(c.b, c.a, c.attr) == -c.expected);
    }
}

TEST_CASE("find_sort_value: primary element, else the first, extension values", "[value_compare]")
{
    const scim::resource_type& user = filter_fixtures::user_type();
    auto sort_value = [&](const boost::json::object& resource, const char* path) -> std::string {
        const auto resolved = scim::resolve(user, scim::parse_attribute_path(path));
        REQUIRE(resolved);
        const boost::json::value* v = scim::find_sort_value(resource, *resolved);
        return v ? boost::json::serialize(*v) : "absent";
    };
    boost::json::object babs = filter_fixtures::bjensen();
    CHECK(sort_value(babs, "userName") == R"("bjensen@example.com")");
    CHECK(sort_value(babs, "name.givenName") == R"("Barbara")");
    CHECK(sort_value(babs, "emails.type") == R"("work")");
    CHECK(sort_value(babs, "emails") == R"("bjensen@example.com")");
    CHECK(sort_value(babs, "ims.value") == R"("someaimhandle")");
    CHECK(sort_value(babs, "meta.lastModified") == R"("2011-05-13T04:42:34Z")");
    CHECK(sort_value(babs, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
          == R"("701984")");
    CHECK(sort_value(babs, "manager.displayName") == R"("John Smith")");
    CHECK(sort_value(babs, "nickName") == "absent");
    CHECK(sort_value(babs, "name.middleName") == "absent");
    CHECK(sort_value(babs, "phoneNumbers.value") == "absent");

    // Without a primary element the first one counts.
    babs["emails"].as_array()[0].as_object().erase("primary");
    babs["emails"].as_array()[1].as_object()["primary"] = true;
    CHECK(sort_value(babs, "emails.value") == R"("babs@jensen.org")");
    babs["emails"].as_array()[1].as_object().erase("primary");
    CHECK(sort_value(babs, "emails.value") == R"("bjensen@example.com")");
}
