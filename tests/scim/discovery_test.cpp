// The discovery documents (RFC 7644 §4) and the schema JSON they carry.

#include "scim/discovery.hpp"
#include "scim/schema_urns.hpp"

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

const json::value& at(const json::value& v, std::string_view pointer) { return v.at_pointer(pointer); }

const json::object* find_item(const json::object& list, std::string_view id)
{
    for (const auto& item : list.at("Resources").as_array())
        if (item.at("id").as_string() == id)
            return &item.as_object();
    return nullptr;
}

} // namespace

TEST_CASE("ServiceProviderConfig reflects the features", "[discovery]")
{
    scim::service_provider_features features;
    features.documentation_uri = "https://example.com/help";
    features.filter_max_results = 500;
    features.default_page_size = 50;
    features.max_page_size = 500;
    const json::value doc = scim::service_provider_config_json(features, "https://host/scim/v2/");

    CHECK(at(doc, "/schemas/0") == scim::urn::service_provider_config);
    CHECK(at(doc, "/documentationUri") == "https://example.com/help");
    struct row {
        const char* pointer;
        json::value expected;
    };
    const std::vector<row> rows = {
        {"/patch/supported", true},
        {"/bulk/supported", false},
        {"/bulk/maxOperations", 0},
        {"/bulk/maxPayloadSize", 0},
        {"/filter/supported", true},
        {"/filter/maxResults", 500},
        {"/changePassword/supported", false},
        {"/sort/supported", true},
        {"/etag/supported", true},
        {"/pagination/cursor", true},
        {"/pagination/index", true},
        {"/pagination/defaultPaginationMethod", "index"},
        {"/pagination/defaultPageSize", 50},
        {"/pagination/maxPageSize", 500},
        {"/authenticationSchemes/0/type", "oauthbearertoken"},
        {"/authenticationSchemes/0/primary", true},
        {"/meta/resourceType", "ServiceProviderConfig"},
        {"/meta/location", "https://host/scim/v2/ServiceProviderConfig"},
    };
    for (const auto& r : rows) {
        INFO(r.pointer);
        CHECK(at(doc, r.pointer) == r.expected);
    }
    CHECK(at(doc, "/authenticationSchemes").as_array().size() == 1);

    features.bulk = true;
    features.bulk_max_operations = 1000;
    features.etag = false;
    features.documentation_uri.clear();
    const json::value changed = scim::service_provider_config_json(features, "https://host");
    CHECK(at(changed, "/bulk/supported") == true);
    CHECK(at(changed, "/bulk/maxOperations") == 1000);
    CHECK(at(changed, "/etag/supported") == false);
    CHECK_FALSE(changed.as_object().contains("documentationUri"));
}

TEST_CASE("/Schemas is a ListResponse of every schema", "[discovery]")
{
    const json::object list = scim::schemas_json(registry(), "https://host/scim/v2");
    CHECK(list.at("schemas").at(0) == scim::urn::list_response);
    CHECK(list.at("totalResults") == 3);
    CHECK(list.at("itemsPerPage") == 3);
    CHECK(list.at("startIndex") == 1);

    const json::object* user = find_item(list, scim::urn::user);
    REQUIRE(user);
    CHECK(user->at("schemas").at(0) == scim::urn::schema);
    CHECK(user->at("name") == "User");
    CHECK(user->at("meta").at("resourceType") == "Schema");
    CHECK(user->at("meta").at("location") == "https://host/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");

    // Every attribute carries its full set of characteristics (RFC 7643 §7).
    const json::value* user_name = nullptr;
    const json::value* emails = nullptr;
    for (const auto& a : user->at("attributes").as_array()) {
        if (a.at("name") == "userName")
            user_name = &a;
        if (a.at("name") == "emails")
            emails = &a;
    }
    REQUIRE(user_name);
    CHECK(json::serialize(*user_name)
          == json::serialize(json::parse(R"({"name":"userName","type":"string","multiValued":false,)"
                                         R"("description":)" + json::serialize(user_name->at("description"))
                                         + R"(,"required":true,"caseExact":false,"mutability":"readWrite",)"
                                           R"("returned":"default","uniqueness":"server"})")));
    REQUIRE(emails);
    CHECK(emails->at("type") == "complex");
    CHECK(emails->at("multiValued") == true);
    CHECK(emails->at("subAttributes").as_array().size() == 4);
    CHECK_FALSE(emails->as_object().contains("caseExact"));

    REQUIRE(find_item(list, scim::urn::enterprise_user));
    REQUIRE(find_item(list, scim::urn::group));
}

TEST_CASE("/ResourceTypes is a ListResponse of every resource type", "[discovery]")
{
    const json::object list = scim::resource_types_json(registry(), "https://host/scim/v2");
    CHECK(list.at("totalResults") == 2);
    const json::object* user = find_item(list, "User");
    REQUIRE(user);
    CHECK(json::serialize(*user)
          == json::serialize(json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],)"
                                         R"("id":"User","name":"User","endpoint":"/Users",)"
                                         R"("description":)" + json::serialize(user->at("description")) + R"(,)"
                                         R"("schema":"urn:ietf:params:scim:schemas:core:2.0:User",)"
                                         R"("schemaExtensions":[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":false}],)"
                                         R"("meta":{"resourceType":"ResourceType","location":"https://host/scim/v2/ResourceTypes/User"}})")));
    const json::object* group = find_item(list, "Group");
    REQUIRE(group);
    CHECK(group->at("endpoint") == "/Groups");
    CHECK_FALSE(group->contains("schemaExtensions"));
}
