// Reconcile's comparison of one stored resource with the vendor's record:
// through the mapping's transforms both ways, so that only real differences
// count, also when the vendor answers a field under another name.

#include "bridge/record_drift.hpp"
#include "bridge/target_drift.hpp"
#include "mapping/mapping_fixture.hpp"

#include <catch2/catch.hpp>

namespace json = boost::json;

namespace {

const char* resource_yaml = R"(resources:
  User:
    attributes:
      - {field: userName, scim: userName, transforms: [trim, lower]}
      # Written as `position`, answered as `positionName` (as Twiser LXP does).
      - {field: position, scim: title, direction: to_vendor}
      - {field: positionName, scim: title, direction: from_vendor}
      - field: country
        scim: 'addresses[type eq "work"].country'
        transforms: [{country: alpha3}]
      - {field: hired, scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization", direction: from_vendor}
      - {field: nick, scim: nickName, on: [create]}
    operations:
      create: {request: {method: POST, path: /users, response: {id: /id}}}
)";

struct comparison {
    std::shared_ptr<const mapping::mapping_file> mapping;
    comparison()
    {
        auto loaded = mapping_test::load_text(std::string(mapping_test::header) + resource_yaml);
        INFO(mapping_test::errors_of(loaded));
        REQUIRE(loaded.mapping);
        mapping = loaded.mapping;
    }
    std::vector<bridge::attribute_drift> operator()(const json::object& stored, const json::object& vendor) const
    {
        return bridge::compare_record(*mapping->find("User"), stored, vendor, mapping::render_input{});
    }
};

json::object stored_user()
{
    return {{"userName", " Ann@Example.com"},
            {"title", "Engineer"},
            {"nickName", "annie"},
            {"addresses", json::array{json::object{{"type", "work"}, {"country", "us"}}}}};
}

json::object vendor_user()
{
    return {{"id", "v-1"},
            {"userName", "ANN@example.com"},
            {"positionName", "Engineer"},
            {"country", "usa"},
            {"hired", "someone else's field"},
            {"nick", "changed at the vendor"}};
}

} // namespace

TEST_CASE("what the mapping normalises is not drift, and what it never writes on update is not compared")
{
    comparison compare;
    CHECK(compare(stored_user(), vendor_user()).empty());
}

TEST_CASE("a differing attribute is named with both values, read from the field the vendor answers")
{
    comparison compare;
    auto vendor = vendor_user();
    vendor["positionName"] = "Manager";
    const auto drift = compare(stored_user(), vendor);
    REQUIRE(drift.size() == 1);
    CHECK(drift[0].attribute == "title");
    CHECK(drift[0].vendor_field == "positionName");
    CHECK(drift[0].stored == "Engineer");
    CHECK(drift[0].vendor == "Manager");
    CHECK(drift[0].problem.empty());
}

TEST_CASE("a value missing on one side, or unreadable, is drift")
{
    comparison compare;
    auto vendor = vendor_user();
    vendor.erase("country");
    auto drift = compare(stored_user(), vendor);
    REQUIRE(drift.size() == 1);
    CHECK(drift[0].attribute == "addresses[type eq \"work\"].country");
    CHECK(drift[0].stored == "us");
    CHECK(drift[0].vendor.is_null());

    vendor["country"] = "XX9";
    drift = compare(stored_user(), vendor);
    REQUIRE(drift.size() == 1);
    CHECK(drift[0].problem.find("country") != std::string::npos);

    // Absent and empty are the same absence.
    auto stored = stored_user();
    stored.erase("title");
    vendor = vendor_user();
    vendor["positionName"] = "";
    CHECK(compare(stored, vendor).empty());
}

TEST_CASE("reconcile knows the mapping's delete: a deactivated record is no stranger, an absent active is active")
{
    // The delete as a deactivation, as a PUT of the status, and as a real DELETE.
    const std::vector<std::pair<const char*, std::size_t>> deletes{
        {"deactivate: {request: {method: POST, path: \"/users/${vendor_id}/disable\"}}", 1},
        {"delete: {request: {method: PUT, path: \"/users/${vendor_id}\", body: {enabled: N}}}", 1},
        {"delete: {request: {method: DELETE, path: \"/users/${vendor_id}\"}}", 2}};
    for (const auto& [operation, strangers] : deletes) {
        INFO(operation);
        auto loaded = mapping_test::load_text(std::string(mapping_test::header) + R"(resources:
  User:
    attributes:
      - {field: login, scim: userName}
      - {field: enabled, scim: active, transforms: [{boolean: {"true": "Y", "false": "N"}}]}
    operations:
      create: {request: {method: POST, path: /users, response: {id: /id}}}
      )" + operation + "\n");
        INFO(mapping_test::errors_of(loaded));
        REQUIRE(loaded.mapping);
        const auto& users = *loaded.mapping->find("User");

        // Created without `active`: the vendor made the account active, as the bridge meant.
        CHECK(bridge::compare_record(users, {{"userName", "ann"}}, {{"login", "ann"}, {"enabled", "Y"}}, {}).empty());
        CHECK(bridge::compare_record(users, {{"userName", "ann"}}, {{"login", "ann"}, {"enabled", "N"}}, {}).size() == 1);

        // SCIM-deleted users that the delete deactivated stay at the vendor,
        // unlinked and inactive: not reported as unknown to the bridge.
        bridge::vendor_listing listing;
        listing.records = {{"v-9", {{"login", "gone"}, {"enabled", "N"}}},
                           {"v-10", {{"login", "stranger"}, {"enabled", "Y"}}}};
        const auto drift = bridge::find_drift(users, {}, listing, {});
        REQUIRE(drift.findings.size() == strangers);
        CHECK(drift.findings.back().vendor_id == "v-10");
        CHECK(drift.findings.back().kind == bridge::drift_kind::unknown_to_bridge);
    }
}
