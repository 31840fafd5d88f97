// validate_resource: required attributes, one primary, immutability.

#include "scim/error.hpp"
#include "scim/resource.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <optional>

namespace {

namespace json = boost::json;

const scim::schema_registry& registry()
{
    static const auto loaded = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *loaded;
}

// A resource type with one immutable attribute, one immutable sub-attribute
// and a required extension: the core schemas have none of these.
struct custom_type {
    scim::schema core;
    scim::schema extension;
    scim::resource_type type;

    custom_type()
    {
        scim::attribute name;
        name.name = "name";
        name.required = true;
        scim::attribute badge;
        badge.name = "badge";
        badge.mutability = scim::mutability::immutable;
        badge.case_exact = true;
        scim::attribute label;
        label.name = "label";
        label.mutability = scim::mutability::immutable;
        scim::attribute colour;
        colour.name = "colour";
        scim::attribute tag;
        tag.name = "tag";
        tag.type = scim::attribute_type::complex;
        tag.sub_attributes = {label, colour};
        core.id = "urn:example:core:Device";
        core.attributes = {name, badge, tag};
        scim::attribute site;
        site.name = "site";
        site.required = true;
        extension.id = "urn:example:extension:Site";
        extension.attributes = {site};
        type.name = "Device";
        type.core = &core;
        type.extensions = {{&extension, true}};
    }
};

// nullopt: accepted; otherwise the scimType expected.
std::optional<scim::scim_type> outcome(const scim::resource_type& type, const char* resource, const char* previous)
{
    const json::object now = json::parse(resource).as_object();
    const json::object before = previous ? json::parse(previous).as_object() : json::object{};
    try {
        scim::validate_resource(now, type, previous ? &before : nullptr);
        return std::nullopt;
    } catch (const scim::error& e) {
        CHECK(e.status() == 400);
        return e.type();
    }
}

constexpr auto invalid_value = scim::scim_type::invalid_value;
constexpr auto mutability = scim::scim_type::mutability;

} // namespace

TEST_CASE("validate_resource on users and groups", "[resource][validate]")
{
    struct row {
        const char* type;
        const char* resource;
        std::optional<scim::scim_type> expected;
    };
    const std::vector<row> rows = {
        {"User", R"({"userName":"bjensen"})", std::nullopt},
        {"User", R"({"displayName":"Babs"})", invalid_value},
        {"User", R"({"userName":""})", invalid_value},
        {"User", R"({"userName":"   "})", invalid_value},
        {"User", R"({"userName":"u","emails":[{"value":"a","primary":true},{"value":"b","primary":false}]})",
         std::nullopt},
        {"User", R"({"userName":"u","emails":[{"value":"a","primary":true},{"value":"b","primary":true}]})",
         invalid_value},
        {"User", R"({"userName":"u","addresses":[{"primary":true},{"primary":true}]})", invalid_value},
        // Custom type words are not rejected: IdPs send their own.
        {"User", R"({"userName":"u","emails":[{"value":"a","type":"work2"}]})", std::nullopt},
        // The optional enterprise extension may be absent or partial.
        {"User", R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"S"}})",
         std::nullopt},
        // RFC 7643 §2.4: a (type, value) pair once per attribute, values
        // compared as a filter would (emails case-insensitively).
        {"User", R"({"userName":"u","emails":[{"value":"a@x","type":"work"},{"value":"A@X","type":"work"}]})",
         invalid_value},
        {"User", R"({"userName":"u","emails":[{"value":"a@x"},{"value":"a@x"}]})", invalid_value},
        {"User", R"({"userName":"u","emails":[{"value":"a@x","type":"work"},{"value":"a@x","type":"home"}]})",
         std::nullopt},
        {"User", R"({"userName":"u","phoneNumbers":[{"value":"+1 555","type":"work"},{"value":"+1 555","type":"work"}]})",
         invalid_value},
        {"Group", R"({"displayName":"Admins","members":[{"value":"u1"},{"value":"u2"}]})", std::nullopt},
        {"Group", R"({"members":[{"value":"u1"}]})", invalid_value},
        {"Group", R"({"displayName":""})", invalid_value},
    };
    for (const auto& r : rows) {
        INFO(r.resource);
        CHECK(outcome(*registry().find_resource_type(r.type), r.resource, nullptr) == r.expected);
    }
}

TEST_CASE("validate_resource: group members can change although members.value is immutable", "[resource][validate]")
{
    const auto& group = *registry().find_resource_type("Group");
    CHECK(outcome(group, R"({"displayName":"G","members":[{"value":"u2"}]})",
                  R"({"displayName":"G","members":[{"value":"u1"}]})")
          == std::nullopt);
}

TEST_CASE("validate_resource: duplicate pairs stored before the rule do not block writes of other attributes",
          "[resource][validate]")
{
    const auto& user = *registry().find_resource_type("User");
    const char* stored = R"({"userName":"u","emails":[{"value":"a@x"},{"value":"a@x"}]})";
    CHECK(outcome(user, R"({"userName":"v","emails":[{"value":"a@x"},{"value":"a@x"}]})", stored) == std::nullopt);
    // A write that touches the attribute must leave it without duplicates.
    CHECK(outcome(user, R"({"userName":"u","emails":[{"value":"a@x"},{"value":"A@x"},{"value":"b@x"}]})", stored) ==
          invalid_value);
}

TEST_CASE("validate_resource: immutable attributes and required extensions", "[resource][validate]")
{
    const custom_type custom;
    struct row {
        const char* resource;
        const char* previous;  // nullptr: a create
        std::optional<scim::scim_type> expected;
    };
    const std::vector<row> rows = {
        {R"({"name":"d","badge":"B1","urn:example:extension:Site":{"site":"HQ"}})", nullptr, std::nullopt},
        {R"({"name":"d","badge":"B1"})", nullptr, invalid_value},  // required extension missing
        {R"({"name":"d","urn:example:extension:Site":{}})", nullptr, invalid_value},
        {R"({"name":"d","urn:example:extension:Site":{"site":""}})", nullptr, invalid_value},
        // Set once: sending it again unchanged is fine, changing it is not.
        {R"({"name":"d","badge":"B1","urn:example:extension:Site":{"site":"HQ"}})",
         R"({"name":"d","badge":"B1"})", std::nullopt},
        {R"({"name":"d","badge":"B2","urn:example:extension:Site":{"site":"HQ"}})",
         R"({"name":"d","badge":"B1"})", mutability},
        // caseExact: a case change is a change.
        {R"({"name":"d","badge":"b1","urn:example:extension:Site":{"site":"HQ"}})",
         R"({"name":"d","badge":"B1"})", mutability},
        // Not yet set: may be set by a later replace.
        {R"({"name":"d","badge":"B1","urn:example:extension:Site":{"site":"HQ"}})", R"({"name":"d"})",
         std::nullopt},
        // Omitted is not a change request.
        {R"({"name":"d","urn:example:extension:Site":{"site":"HQ"}})", R"({"name":"d","badge":"B1"})",
         std::nullopt},
        // An immutable sub-attribute of a single complex attribute; not caseExact.
        {R"({"name":"d","tag":{"label":"X","colour":"red"},"urn:example:extension:Site":{"site":"HQ"}})",
         R"({"name":"d","tag":{"label":"x","colour":"blue"}})", std::nullopt},
        {R"({"name":"d","tag":{"label":"Y"},"urn:example:extension:Site":{"site":"HQ"}})",
         R"({"name":"d","tag":{"label":"X"}})", mutability},
    };
    for (const auto& r : rows) {
        INFO(r.resource << " after " << (r.previous ? r.previous : "nothing"));
        CHECK(outcome(custom.type, r.resource, r.previous) == r.expected);
    }
}
