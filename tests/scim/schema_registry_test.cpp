// schema_registry::load on the real schemas/ directory and on broken ones,
// and the characteristics the rest of the bridge depends on.

#include "scim/schema.hpp"
#include "scim/schema_urns.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>

namespace {

const scim::schema_registry& registry()
{
    static const auto loaded = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *loaded;
}

const scim::attribute& user_attr(const char* path)
{
    const std::string text(path);
    const auto dot = text.find('.');
    const auto* attr = registry().find_schema(scim::urn::user)->find(text.substr(0, dot));
    REQUIRE(attr);
    if (dot == std::string::npos)
        return *attr;
    const auto* sub = attr->find_sub(text.substr(dot + 1));
    REQUIRE(sub);
    return *sub;
}

// A fresh directory holding the given files, removed at scope exit.
struct scratch_dir {
    std::filesystem::path path;
    explicit scratch_dir(const std::vector<std::pair<std::string, std::string>>& files)
    {
        path = std::filesystem::temp_directory_path() / ("schema_registry_test_" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(path);
        for (const auto& [name, text] : files)
            std::ofstream(path / name) << text;
    }
    ~scratch_dir() { std::filesystem::remove_all(path); }
};

const char* const minimal_schema =
    R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:example:Thing","name":"Thing",)"
    R"("attributes":[{"name":"label","type":"string"}]})";

} // namespace

TEST_CASE("the shipped schemas load", "[schema]")
{
    const auto& r = registry();
    CHECK(r.schemas().size() == 3);
    CHECK(r.resource_types().size() == 2);
    const auto* user = r.find_resource_type("user");
    REQUIRE(user);
    CHECK(user->endpoint == "/Users");
    CHECK(user->core == r.find_schema(scim::urn::user));
    REQUIRE(user->extensions.size() == 1);
    CHECK_FALSE(user->extensions[0].required);
    CHECK(user->find_extension("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER")
          == r.find_schema(scim::urn::enterprise_user));
    CHECK(user->find_extension(scim::urn::group) == nullptr);
    const auto* group = r.find_resource_type("Group");
    REQUIRE(group);
    CHECK(group->endpoint == "/Groups");
    CHECK(group->extensions.empty());
    CHECK(r.find_resource_type("Device") == nullptr);
    CHECK(r.find_schema("urn:nothing") == nullptr);
}

TEST_CASE("User schema characteristics (RFC 7643 §4.1, §8.7.1)", "[schema]")
{
    using scim::attribute_type;
    using scim::mutability;
    using scim::returned;
    struct row {
        const char* path;
        attribute_type type;
        bool multi_valued;
        mutability mut;
        returned ret;
    };
    const std::vector<row> rows = {
        {"userName", attribute_type::string, false, mutability::read_write, returned::by_default},
        {"name.givenName", attribute_type::string, false, mutability::read_write, returned::by_default},
        {"profileUrl", attribute_type::reference, false, mutability::read_write, returned::by_default},
        {"active", attribute_type::boolean, false, mutability::read_write, returned::by_default},
        {"password", attribute_type::string, false, mutability::write_only, returned::never},
        {"emails", attribute_type::complex, true, mutability::read_write, returned::by_default},
        {"emails.primary", attribute_type::boolean, false, mutability::read_write, returned::by_default},
        {"phoneNumbers.type", attribute_type::string, false, mutability::read_write, returned::by_default},
        {"ims", attribute_type::complex, true, mutability::read_write, returned::by_default},
        {"photos.value", attribute_type::reference, false, mutability::read_write, returned::by_default},
        {"addresses.postalCode", attribute_type::string, false, mutability::read_write, returned::by_default},
        {"groups", attribute_type::complex, true, mutability::read_only, returned::by_default},
        {"groups.$ref", attribute_type::reference, false, mutability::read_only, returned::by_default},
        {"entitlements.value", attribute_type::string, false, mutability::read_write, returned::by_default},
        {"roles.primary", attribute_type::boolean, false, mutability::read_write, returned::by_default},
        {"x509Certificates.value", attribute_type::binary, false, mutability::read_write, returned::by_default},
    };
    for (const auto& r : rows) {
        INFO(r.path);
        const auto& a = user_attr(r.path);
        CHECK(a.type == r.type);
        CHECK(a.multi_valued == r.multi_valued);
        CHECK(a.mutability == r.mut);
        CHECK(a.returned == r.ret);
    }
    CHECK(user_attr("userName").required);
    CHECK_FALSE(user_attr("userName").case_exact);
    CHECK(user_attr("userName").uniqueness == scim::uniqueness::server);
    CHECK(user_attr("emails.type").canonical_values == std::vector<std::string>{"work", "home", "other"});
    CHECK(user_attr("groups.type").canonical_values == std::vector<std::string>{"direct", "indirect"});
    for (const char* name : {"displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone"})
        CHECK(user_attr(name).type == attribute_type::string);
}

TEST_CASE("Enterprise User and Group characteristics", "[schema]")
{
    const auto& enterprise = *registry().find_schema(scim::urn::enterprise_user);
    for (const char* name : {"employeeNumber", "costCenter", "organization", "division", "department"})
        CHECK(enterprise.find(name));
    const auto* manager = enterprise.find("MANAGER");
    REQUIRE(manager);
    CHECK(manager->find_sub("$ref")->reference_types == std::vector<std::string>{"User"});
    CHECK(manager->find_sub("displayName")->mutability == scim::mutability::read_only);

    const auto& group = *registry().find_schema(scim::urn::group);
    CHECK(group.find("displayName")->required);
    CHECK(group.find("displayName")->uniqueness == scim::uniqueness::server);
    const auto* members = group.find("members");
    REQUIRE(members);
    CHECK(members->multi_valued);
    CHECK(members->find_sub("value")->mutability == scim::mutability::immutable);
    CHECK(members->find_sub("type")->canonical_values == std::vector<std::string>{"User", "Group"});
    CHECK(members->find_sub("display")->mutability == scim::mutability::read_write);
}

TEST_CASE("common attributes (RFC 7643 §3.1)", "[schema]")
{
    const auto& common = scim::common_attributes();
    const auto* id = common.find("ID");
    REQUIRE(id);
    CHECK(id->case_exact);
    CHECK(id->mutability == scim::mutability::read_only);
    CHECK(id->returned == scim::returned::always);
    CHECK(id->uniqueness == scim::uniqueness::server);
    CHECK(common.find("externalId")->case_exact);
    CHECK(common.find("externalId")->mutability == scim::mutability::read_write);
    const auto* meta = common.find("meta");
    REQUIRE(meta);
    CHECK(meta->mutability == scim::mutability::read_only);
    CHECK(meta->find_sub("created")->type == scim::attribute_type::date_time);
    CHECK(meta->find_sub("lastModified")->type == scim::attribute_type::date_time);
    CHECK(meta->find_sub("location")->type == scim::attribute_type::reference);
    CHECK(meta->find_sub("version")->case_exact);

    scim::resolved_attribute r;
    r.owner = &common;
    r.attr = id;
    CHECK_FALSE(r.in_extension());
    r.owner = registry().find_schema(scim::urn::user);
    CHECK_FALSE(r.in_extension());
    r.owner = registry().find_schema(scim::urn::enterprise_user);
    CHECK(r.in_extension());
}

TEST_CASE("malformed schema directories are rejected naming the file", "[schema]")
{
    const char* const resource_type_prefix =
        R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"name":"Thing","endpoint":"/Things",)";
    struct row {
        const char* what;
        std::string text;
        const char* mentions;
    };
    const std::vector<row> rows = {
        {"not JSON", "{", "bad.json"},
        {"no schemas member", R"({"id":"x"})", "bad.json"},
        {"unknown characteristic key",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:x","attributes":[{"name":"a","mutable":true}]})",
         "mutable"},
        {"unknown characteristic word",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:x","attributes":[{"name":"a","mutability":"readonly"}]})",
         "readonly"},
        {"complex without sub-attributes",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:x","attributes":[{"name":"a","type":"complex"}]})",
         "subAttributes"},
        {"sub-attributes nested twice",
         R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:x","attributes":[{"name":"a","type":"complex",)"
         R"("subAttributes":[{"name":"b","type":"complex","subAttributes":[{"name":"c"}]}]}]})",
         "subAttributes"},
        {"resource type naming an unknown schema", std::string(resource_type_prefix) + R"("schema":"urn:missing"})",
         "urn:missing"},
        {"resource type naming an unknown extension",
         std::string(resource_type_prefix) + R"("schema":"urn:example:Thing","schemaExtensions":[{"schema":"urn:gone"}]})",
         "urn:gone"},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const scratch_dir dir({{"a.json", minimal_schema}, {"bad.json", r.text}});
        try {
            scim::schema_registry::load(dir.path);
            FAIL("accepted");
        } catch (const std::runtime_error& e) {
            CHECK_THAT(e.what(), Catch::Contains("bad.json") && Catch::Contains(r.mentions));
        }
    }
}

TEST_CASE("a schema directory: arrays, any file order, editor schemas skipped", "[schema]")
{
    const scratch_dir dir({
        {"0_types.json", R"([{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"name":"Thing",)"
                         R"("endpoint":"/Things","schema":"urn:example:Thing"}])"},
        {"thing.json", minimal_schema},
        {"mapping-file.schema.json", R"({"$schema":"https://json-schema.org/draft/2020-12/schema"})"},
    });
    const auto r = scim::schema_registry::load(dir.path);
    const auto* thing = r->find_resource_type("thing");
    REQUIRE(thing);
    CHECK(thing->id == "Thing");
    CHECK(thing->core->find("Label")->case_exact == false);
    CHECK(thing->core->find("Label")->returned == scim::returned::by_default);

    const scratch_dir twice({{"a.json", minimal_schema}, {"b.json", minimal_schema}});
    CHECK_THROWS_WITH(scim::schema_registry::load(twice.path), Catch::Contains("twice"));
}
