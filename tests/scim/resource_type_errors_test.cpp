// What normalization rejects: values that contradict the declared type,
// with a 400 invalidValue whose detail names the attribute.

#include "scim/error.hpp"
#include "scim/resource.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

namespace {

namespace json = boost::json;

const scim::schema_registry& registry()
{
    static const auto loaded = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *loaded;
}

// A throwaway schema with the types the core schemas do not use.
scim::attribute simple(const char* name, scim::attribute_type type)
{
    scim::attribute a;
    a.name = name;
    a.type = type;
    return a;
}

} // namespace

TEST_CASE("normalize_resource rejects values of the wrong type", "[resource][normalize]")
{
    struct row {
        const char* type;
        const char* input;
        const char* named;  // the attribute the detail must name
    };
    const std::vector<row> rows = {
        {"User", R"({"userName":{"value":"u"}})", "userName"},
        {"User", R"({"userName":["u"]})", "userName"},
        {"User", R"({"userName":true})", "userName"},
        {"User", R"({"active":"yes"})", "active"},
        {"User", R"({"active":"1"})", "active"},
        {"User", R"({"active":1})", "active"},
        {"User", R"({"name":"Barbara Jensen"})", "name"},
        {"User", R"({"name":{"givenName":{"first":"B"}}})", "name.givenName"},
        {"User", R"({"name":{"givenName":["B"]}})", "name.givenName"},
        {"User", R"({"emails":[{"value":"a@x","primary":"yes"}]})", "emails.primary"},
        {"User", R"({"emails":[["a@x"]]})", "emails"},
        {"User", R"({"name":["Barbara"]})", "name"},
        {"User", R"({"emails.value":"a@x"})", "emails.value"},
        {"User", R"({"x509Certificates":[{"value":"not base64!"}]})", "x509Certificates.value"},
        {"User", R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"Sales"})", "enterprise"},
        {"User", R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":{"id":"m"}}}})",
         "manager.value"},
        {"Group", R"({"displayName":"G","members":[{"value":"u1","type":["User"]}]})", "members.type"},
        {"Group", R"({"displayName":42.5})", "displayName"},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        const auto& type = *registry().find_resource_type(r.type);
        try {
            scim::normalize_resource(json::parse(r.input).as_object(), type);
            FAIL("accepted");
        } catch (const scim::error& e) {
            CHECK(e.status() == 400);
            CHECK(e.type() == scim::scim_type::invalid_value);
            CHECK_THAT(e.detail(), Catch::Contains(r.named));
        }
    }
}

TEST_CASE("normalize_value checks integers, decimals and dateTimes", "[resource][normalize]")
{
    const auto integer = simple("count", scim::attribute_type::integer);
    const auto decimal = simple("ratio", scim::attribute_type::decimal);
    const auto when = simple("when", scim::attribute_type::date_time);
    struct row {
        const scim::attribute& attr;
        const char* input;
        const char* expected;  // nullptr: rejected
    };
    const std::vector<row> rows = {
        {integer, "42", "42"},
        {integer, "-9223372036854775808", "-9223372036854775808"},
        {integer, "4.0", "4"},
        {integer, "4.5", nullptr},
        {integer, "9223372036854775808", nullptr},  // one past INT64_MAX
        {integer, "1e30", nullptr},
        {integer, R"("42")", nullptr},
        {decimal, "1", "1E0"},
        {decimal, "0.25", "2.5E-1"},
        {decimal, R"("0.25")", nullptr},
        {when, R"("2011-08-01T18:29:49.793Z")", R"("2011-08-01T18:29:49.793Z")"},
        {when, R"("2011-08-01T18:29:49+02:00")", R"("2011-08-01T18:29:49+02:00")"},
        {when, R"("2011-13-01T18:29:49Z")", nullptr},
        {when, R"("2011-02-30T00:00:00Z")", nullptr},
        {when, R"("yesterday")", nullptr},
        {when, "1312223389", nullptr},
    };
    for (const auto& r : rows) {
        INFO(r.attr.name << " <- " << r.input);
        if (r.expected) {
            CHECK(scim::normalize_value(json::parse(r.input), r.attr) == json::parse(r.expected));
        } else {
            try {
                scim::normalize_value(json::parse(r.input), r.attr);
                FAIL("accepted");
            } catch (const scim::error& e) {
                CHECK(e.type() == scim::scim_type::invalid_value);
                CHECK_THAT(e.detail(), Catch::Contains(r.attr.name));
            }
        }
    }
}
