// The six vendor mapping files under mappings/: each loads against the real
// SCIM schemas without a single error, and renders the vendor requests its
// comments promise for a representative SCIM user.

#include "mapping_fixture.hpp"

#include "mapping/request_renderer.hpp"
#include "mapping/response_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace mapping;
namespace json = boost::json;

namespace {

// The deployment parameters each file documents in its header.
load_options options_for(std::vector<std::string> parameters)
{
    load_options o = mapping_test::options();
    o.parameters = std::move(parameters);
    return o;
}

std::shared_ptr<const mapping_file> load_vendor(const std::string& name, std::vector<std::string> parameters)
{
    const std::string file = std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/" + name + ".yaml";
    // As the bridge does: the file's own extensions join the schemas its
    // paths are checked against (app::load_mapping_with_extensions).
    auto options = options_for(std::move(parameters));
    auto declared = load_mapping(file, load_options{options.parameters, options.secrets, {}});
    REQUIRE(declared.mapping);
    std::vector<scim::schema_registry::extension_definition> definitions;
    for (const auto& extension : declared.mapping->extensions)
        definitions.push_back({extension.resource_type, extension.schema_json, name});
    auto schemas = mapping_test::registry()->extended(definitions);
    options.check_path = schema_path_checker(*schemas);
    auto result = load_mapping(file, options);
    INFO(mapping_test::errors_of(result));
    REQUIRE(result.errors.empty());
    REQUIRE(result.mapping);
    CHECK(result.mapping->target == name);
    return result.mapping;
}

const parameter_map params{{"baseUrl", "https://vendor.test"},
                           {"adminEmail", "integration@example.com"},
                           {"companyId", "94"},
                           {"tenantKey", "tenant"},
                           {"orgKey", "org"},
                           {"customerId", "5f0c1e2d3c4b5a6978877665"},
                           {"integration", "scim"},
                           {"businessDirId", "1"},
                           {"tenantId", "73c9ac34-bc35-4c17-b60f-8ec0b134a72b"}};

render_input input_for(const json::object* before, const json::object* after, std::optional<std::string> vendor_id)
{
    render_input in;
    in.old_resource = before;
    in.new_resource = after;
    in.vendor_id = std::move(vendor_id);
    in.parameters = &params;
    in.secrets = [](std::string_view name) -> std::optional<std::string> { return "secret-" + std::string(name); };
    in.lookup = [](std::string_view, std::string_view id, lookup_direction) -> std::optional<std::string> {
        if (id == "mgr-scim")
            return "MGR-V";
        if (id == "u1" || id == "u2")
            return "V-" + std::string(id);
        return std::nullopt;
    };
    in.random = [](unsigned char* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<unsigned char>(i * 7 + 3);
    };
    return in;
}

// A user as an identity provider sends it: core, enterprise extension, one
// work address, one work and one mobile phone.
const json::object alice = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "id": "scim-alice", "externalId": "ext-alice",
  "userName": "alice@example.test", "displayName": "Alice Liddell", "nickName": "Ali",
  "title": "Analyst", "preferredLanguage": "tr-TR", "locale": "tr-TR", "timezone": "Europe/Istanbul",
  "active": true,
  "name": {"givenName": "Alice", "familyName": "Liddell"},
  "emails": [{"type": "work", "value": "alice@example.test", "primary": true}],
  "phoneNumbers": [{"type": "work", "value": "+90 212 555 0101"}, {"type": "mobile", "value": "05321234567"}],
  "addresses": [{"type": "work", "locality": "Istanbul", "country": "TR"}],
  "meta": {"resourceType": "User", "created": "2024-03-01T09:30:00.000Z", "lastModified": "2024-05-02T10:00:00Z"},
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    "employeeNumber": "E1001", "department": "Finance", "division": "Corporate",
    "manager": {"value": "mgr-scim"}}
})").as_object();

json::object changed(std::function<void(json::object&)> edit)
{
    json::object out = alice;
    edit(out);
    return out;
}

rendered_request only(const render_result& r)
{
    INFO(r.error);
    REQUIRE(r.ok());
    REQUIRE(r.requests.size() == 1);
    return r.requests.front();
}

const json::object& body_of(const rendered_request& r)
{
    REQUIRE(r.body);
    REQUIRE(r.body->is_object());
    return r.body->as_object();
}

bool has_header(const rendered_request& r, const std::string& name, const std::string& value)
{
    return std::find(r.headers.begin(), r.headers.end(), std::pair{name, value}) != r.headers.end();
}

} // namespace

TEST_CASE("every vendor mapping file is listed and loads")
{
    // mappings/README.md lists these six; each has docs/targets/<name>.md.
    for (const char* name : {"twiser-wokr", "twiser-lxp", "platform-identity", "customer-directory",
                             "retail-checklists", "learningpool"}) {
        INFO(name);
        CHECK(std::filesystem::exists(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/docs/targets/" + name + ".md"));
    }
}

// Wokr's TenantId and CompanyId are integers (the shared tenantId above is learningpool's UUID).
render_input wokr_input(const json::object* before, const json::object* after, std::optional<std::string> vendor_id)
{
    static const parameter_map wokr_params = [] {
        parameter_map p = params;
        p["tenantId"] = "60";
        p["companyId"] = "360";
        return p;
    }();
    render_input in = input_for(before, after, std::move(vendor_id));
    in.parameters = &wokr_params;
    return in;
}

TEST_CASE("twiser-wokr: one endpoint for create and update, full objects, soft delete")
{
    auto m = load_vendor("twiser-wokr", {"baseUrl", "adminEmail", "tenantId", "companyId"});
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::login);
    CHECK(user.update == update_style::full);

    const rendered_request& create = only(render_operation(*m, user, operation::create, wokr_input(nullptr, &alice, {})));
    CHECK(create.method == "POST");
    CHECK(create.path == "/identity/api/application-user");
    const json::object& body = body_of(create);
    CHECK_FALSE(body.contains("Id"));
    CHECK(body.at("TenantId") == 60);
    CHECK(body.at("CompanyId") == 360);
    CHECK(body.at("GeneratePassword") == true);
    CHECK(body.at("Email") == "alice@example.test");
    CHECK(body.at("FirstName") == "Alice");
    CHECK(body.at("FullName") == "Alice Liddell");
    CHECK(body.at("Country") == "TR");
    CHECK(body.at("LanguageId") == "TR");
    CHECK(body.at("TimeZone") == "UTC+3");
    CHECK(body.at("Department") == "Finance");
    CHECK(body.at("Position") == "Analyst");
    CHECK(body.at("Location") == "Istanbul");
    CHECK(body.at("Gender") == "X");
    CHECK(body.at("HireDate") == "2024-03-01T09:30:00Z");
    CHECK(body.at("EmployeeId") == "E1001");
    CHECK(body.at("ParentId") == "MGR-V");
    CHECK(body.at("PhoneNumber") == "+90 212 555 0101");
    CHECK(body.at("IsActive") == true);

    // The defaults for what identity providers often leave out.
    json::object bare = json::parse(R"({"userName": "bob@example.test", "name": {"givenName": "Bob", "familyName": "B"},
        "emails": [{"type": "work", "value": "bob@example.test"}], "active": true})").as_object();
    const rendered_request& minimal = only(render_operation(*m, user, operation::create, wokr_input(nullptr, &bare, {})));
    const json::object& mb = body_of(minimal);
    CHECK(mb.at("Department") == "General");
    CHECK(mb.at("Position") == "Employee");
    CHECK(mb.at("Location") == "Head Office");
    CHECK(mb.at("Country") == "TR");
    CHECK(mb.at("LanguageId") == "EN");
    CHECK(mb.at("TimeZone") == "UTC+0");

    // A one-attribute change still sends the whole object, with the Id.
    json::object after = changed([](json::object& u) { u["title"] = "Lead"; });
    const rendered_request& update =
        only(render_operation(*m, user, operation::update, wokr_input(&alice, &after, "W-1")));
    CHECK(update.method == "POST");
    CHECK(update.path == "/identity/api/application-user");
    const json::object& ub = body_of(update);
    CHECK(ub.at("Id") == "W-1");
    CHECK(ub.at("Position") == "Lead");
    CHECK(ub.at("FirstName") == "Alice");
    CHECK(ub.at("Country") == "TR");
    CHECK(ub.at("CompanyId") == 360);
    CHECK_FALSE(ub.contains("GeneratePassword"));

    // Deactivation: the full update, then the soft delete by exit date.
    json::object off = changed([](json::object& u) { u["active"] = false; });
    auto deactivate = render_operation(*m, user, operation::update, wokr_input(&alice, &off, "W-1"));
    REQUIRE(deactivate.ok());
    REQUIRE(deactivate.requests.size() == 2);
    CHECK(deactivate.requests[0].purpose == "update");
    CHECK(deactivate.requests[1].purpose == "deactivate");
    CHECK(json::serialize(*deactivate.requests[1].body) == R"({"Id":"W-1","ExitDate":"2024-05-02T10:00:00Z"})");

    // Reactivation: a whole object that un-leaves the user, then the full update.
    auto reactivate = render_operation(*m, user, operation::update, wokr_input(&off, &alice, "W-1"));
    REQUIRE(reactivate.ok());
    REQUIRE(reactivate.requests.size() == 2);
    CHECK(reactivate.requests[0].purpose == "reactivate");
    const json::object& rb = body_of(reactivate.requests[0]);
    CHECK(rb.at("IsLeft") == false);
    CHECK(rb.at("IsActive") == true);
    CHECK(rb.at("ExitDate").is_null());
    CHECK(rb.at("FullName") == "Alice Liddell");
    CHECK(rb.at("Department") == "Finance");

    const rendered_request& remove = only(render_operation(*m, user, operation::remove, wokr_input(nullptr, &alice, "W-1")));
    CHECK(remove.method == "POST");
    CHECK(body_of(remove).size() == 2);

    const rendered_request& list = only(render_operation(*m, user, operation::list, wokr_input(nullptr, nullptr, {})));
    CHECK(list.target() == "/identity/api/application-user/get-user-list?companyId=360");
}

TEST_CASE("twiser-lxp: create, full update by id, hard delete, problem-details errors")
{
    auto m = load_vendor("twiser-lxp", {"baseUrl", "adminEmail", "companyId"});
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::login);
    CHECK(user.update == update_style::full);
    CHECK(m->errors.list_pointer == std::optional<std::string>("/errors"));

    const rendered_request& create = only(render_operation(*m, user, operation::create, input_for(nullptr, &alice, {})));
    CHECK(create.method == "POST");
    CHECK(create.path == "/lms/backoffice/user/create");
    const json::object& body = body_of(create);
    CHECK(body.at("email") == "alice@example.test");
    CHECK(body.at("externalUserId") == "ext-alice");
    CHECK(body.at("companyId") == 94);  // the integer of the document's example body
    CHECK(body.at("notification") == "Yes");
    CHECK(body.at("welcomeMail") == true);
    CHECK(body.at("languageId") == "TR");
    CHECK(body.at("country") == "TR");
    CHECK(body.at("managerId") == "MGR-V");
    CHECK(body.at("phoneNumber") == "05321234567");
    CHECK(body.at("position") == "Analyst");
    CHECK(body.at("department") == "Finance");
    CHECK(body.at("isActive") == true);

    json::object after = changed([](json::object& u) { u["active"] = false; });
    const rendered_request& update =
        only(render_operation(*m, user, operation::update, input_for(&alice, &after, "L-1")));
    CHECK(update.path == "/lms/backoffice/user/update");
    const json::object& ub = body_of(update);
    CHECK(ub.at("id") == "L-1");
    CHECK(ub.at("isActive") == false);
    CHECK(ub.at("firstName") == "Alice");
    CHECK(ub.at("notification") == "Yes");
    CHECK_FALSE(ub.contains("companyId"));

    const rendered_request& remove = only(render_operation(*m, user, operation::remove, input_for(nullptr, &alice, "L-1")));
    CHECK(remove.method == "DELETE");
    CHECK(remove.target() == "/lms/backoffice/user/delete?id=L-1");

    // LXP's problem details name fields in PascalCase; they still reach the
    // IdP as the SCIM attributes that map to them.
    vendor_response rejected;
    rejected.status = 400;
    rejected.body = json::parse(R"({"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "One or more validation errors occurred.", "status": 400, "errors": [
        {"propertyName": "Email", "errorMessage": "There is already another user registered with the same email", "errorCode": 1403},
        {"propertyName": "PhoneNumber", "errorMessage": "Please enter a valid phone number", "errorCode": 1404}]})");
    vendor_error error = extract_error(*m, &user, rejected);
    CHECK(error.message == "One or more validation errors occurred.");
    REQUIRE(error.fields.size() == 2);
    CHECK(error.fields[0].scim_path == R"(emails[type eq "work"].value)");
    CHECK(error.fields[1].scim_path == R"(phoneNumbers[type eq "mobile"].value)");
    CHECK(error.detail().find("There is already another user") != std::string::npos);

    auto list_in = input_for(nullptr, nullptr, {});
    list_in.page = {2, 100, 100, {}};
    const rendered_request& list = only(render_operation(*m, user, operation::list, list_in));
    CHECK(list.method == "POST");
    CHECK(list.target() == "/lms/backoffice/user/get-by-company-id?CompanyId=94&PageNumber=2&PageSize=100");
}

TEST_CASE("platform-identity: userKey chosen by us, one PUT per changed attribute, groups by key")
{
    auto m = load_vendor("platform-identity", {"baseUrl", "tenantKey", "orgKey"});
    // Membership goes through add_members/remove_members only: a PATCH naming
    // members needs no other member of the group.
    REQUIRE(m->find("Group"));
    CHECK_FALSE(m->find("Group")->reads_all_members());
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::bearer);
    CHECK(user.update == update_style::per_attribute);

    auto created = render_operation(*m, user, operation::create, input_for(nullptr, &alice, {}));
    const rendered_request& create = only(created);
    CHECK(created.vendor_id == std::optional<std::string>("alice@example.test"));
    CHECK(create.method == "POST");
    CHECK(create.path == "/users");
    const json::object& body = body_of(create);
    CHECK(body.at("userKey") == "alice@example.test");
    CHECK(body.at("name") == "Alice Liddell");
    CHECK(body.at("isTechnician") == false);
    CHECK(body.at("email") == "alice@example.test");
    // Only members of the document's create resource (ApiUserResource):
    // no culture, no isActive (issue 14, finding 8).
    CHECK(body.size() == 4);

    json::object after = changed([](json::object& u) {
        u["emails"].as_array()[0].as_object()["value"] = "alice.l@example.test";
        u["active"] = false;
        u["title"] = "ignored: not mapped";
    });
    auto update = render_operation(*m, user, operation::update, input_for(&alice, &after, "alice@example.test"));
    INFO(update.error);
    REQUIRE(update.ok());
    REQUIRE(update.requests.size() == 3);
    std::set<std::string> paths;
    for (const auto& r : update.requests) {
        CHECK(r.method == "PUT");
        paths.insert(r.path);
    }
    CHECK(paths == std::set<std::string>{"/users/alice%40example.test/email", "/users/alice%40example.test/isActive",
                                         "/users/alice%40example.test/status"});
    for (const auto& r : update.requests) {
        if (r.path.ends_with("/email"))
            CHECK(*r.body == "alice.l@example.test");
        if (r.path.ends_with("/isActive"))
            CHECK(*r.body == false);
        if (r.path.ends_with("/status"))
            CHECK(*r.body == "Inactive");
    }

    const rendered_request& remove =
        only(render_operation(*m, user, operation::remove, input_for(nullptr, &alice, "alice@example.test")));
    CHECK(remove.method == "DELETE");
    CHECK(remove.path == "/users/alice%40example.test");

    const resource_mapping& group = *m->find("Group");
    const json::object helpdesk = json::parse(R"({"displayName": "helpdesk"})").as_object();
    auto group_create = render_operation(*m, group, operation::create, input_for(nullptr, &helpdesk, {}));
    REQUIRE(group_create.ok());
    CHECK(group_create.vendor_id == std::optional<std::string>("helpdesk"));
    auto members = input_for(nullptr, &helpdesk, "helpdesk");
    members.member_ids = {"u1", "u2"};
    auto add = render_operation(*m, group, operation::add_members, members);
    REQUIRE(add.requests.size() == 2);
    CHECK(add.requests[0].method == "POST");
    CHECK(add.requests[0].path == "/users/V-u1/groups/addByKeys");
    CHECK(json::serialize(*add.requests[0].body) == R"(["helpdesk"])");
    auto remove_members = render_operation(*m, group, operation::remove_members, members);
    REQUIRE(remove_members.requests.size() == 2);
    CHECK(remove_members.requests[1].path == "/users/V-u2/groups/removeByKeys");
}

TEST_CASE("customer-directory: link to an existing account, PATCH deltas, roleIds from groups")
{
    auto m = load_vendor("customer-directory", {"baseUrl", "customerId", "integration"});
    // Membership goes through add_members/remove_members only: a PATCH naming
    // members needs no other member of the group.
    REQUIRE(m->find("Group"));
    CHECK_FALSE(m->find("Group")->reads_all_members());
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::static_headers);
    CHECK(user.create.style == create_style::link_existing);
    CHECK(user.create.absent == when_absent::accept_and_link_later);
    CHECK(user.update == update_style::delta);

    auto lookups = render_operation(*m, user, operation::create, input_for(nullptr, &alice, {}));
    INFO(lookups.error);
    REQUIRE(lookups.ok());
    REQUIRE(lookups.requests.size() == 2);
    CHECK(lookups.requests[0].purpose == "lookup");
    CHECK(lookups.requests[0].method == "GET");
    // The exact external identity first, then the (substring) e-mail search,
    // whose answers count only when their e-mail is the user's.
    CHECK(lookups.requests[0].target() ==
          "/api/v1/customers/5f0c1e2d3c4b5a6978877665/users/lookup?type=scim&value=ext-alice");
    CHECK(lookups.requests[1].target() ==
          "/api/v1/customers/5f0c1e2d3c4b5a6978877665/users?search=alice%40example.test&integration=scim");
    REQUIRE(lookups.requests[1].match.size() == 1);
    CHECK(lookups.requests[1].match[0].first == "/email");
    CHECK(lookups.requests[1].match[0].second == "alice@example.test");

    json::object after = changed([](json::object& u) {
        u["title"] = "Lead";
        u.erase("nickName");
    });
    const rendered_request& update =
        only(render_operation(*m, user, operation::update, input_for(&alice, &after, "0123456789abcdef01234567")));
    CHECK(update.method == "PATCH");
    CHECK(update.path == "/api/v2/customers/5f0c1e2d3c4b5a6978877665/users/0123456789abcdef01234567");
    CHECK(json::serialize(*update.body) == R"({"nickname":"","jobTitle":"Lead"})");

    const rendered_request& remove = only(
        render_operation(*m, user, operation::remove, input_for(nullptr, &alice, "0123456789abcdef01234567")));
    CHECK(remove.method == "DELETE");

    const resource_mapping& group = *m->find("Group");
    const json::object role = json::parse(R"({"displayName": "Editors", "externalId": "aaaaaaaaaaaaaaaaaaaaaaaa"})").as_object();
    auto group_create = render_operation(*m, group, operation::create, input_for(nullptr, &role, {}));
    REQUIRE(group_create.ok());
    CHECK(group_create.vendor_id == std::optional<std::string>("aaaaaaaaaaaaaaaaaaaaaaaa"));
    auto members = input_for(nullptr, &role, "aaaaaaaaaaaaaaaaaaaaaaaa");
    members.member_ids = {"u1"};
    const rendered_request& add = only(render_operation(*m, group, operation::add_members, members));
    CHECK(add.method == "PATCH");
    CHECK(add.path == "/api/v2/customers/5f0c1e2d3c4b5a6978877665/users/V-u1");
    CHECK(json::serialize(*add.body) == R"({"roleIds":["aaaaaaaaaaaaaaaaaaaaaaaa"]})");
}

TEST_CASE("retail-checklists: non-nullable constants, generated password, active in full updates")
{
    auto m = load_vendor("retail-checklists", {"baseUrl", "businessDirId"});
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::bearer);
    CHECK(user.update == update_style::full);

    auto created = render_operation(*m, user, operation::create, input_for(nullptr, &alice, {}));
    INFO(created.error);
    REQUIRE(created.ok());
    REQUIRE(created.requests.size() == 2);
    // An active account with the login is linked rather than created twice.
    const rendered_request& lookup = created.requests.front();
    CHECK(lookup.purpose == "lookup");
    CHECK(lookup.method == "GET");
    CHECK(lookup.target().rfind("/api/v1/users?login=alice", 0) == 0);
    CHECK(lookup.target().find("&active=true") != std::string::npos);
    const rendered_request& create = created.requests.back();
    CHECK(create.method == "POST");
    CHECK(create.path == "/api/v1/users");
    const json::object& body = body_of(create);
    CHECK(body.at("login") == "alice@example.test");
    CHECK(body.at("authType") == "LDAP");
    CHECK(body.at("level") == "COMPANY");
    CHECK(body.at("businessDirId") == 1);
    CHECK(body.at("admin") == false);
    CHECK(body.at("canEditSelectedChlTemplates") == false);
    CHECK(body.at("active") == true);
    CHECK(body.at("lang") == "en_EN");   // Turkish is not offered: the fallback
    CHECK(body.at("timeZoneId") == "Europe/Istanbul");
    CHECK(body.at("position") == "Analyst");
    const std::string password(body.at("password").as_string());
    CHECK(password.size() == 24);
    CHECK(std::find(create.secrets.begin(), create.secrets.end(), password) != create.secrets.end());

    json::object russian = changed([](json::object& u) { u["preferredLanguage"] = "ru"; });
    CHECK(body_of(render_operation(*m, user, operation::create, input_for(nullptr, &russian, {})).requests.back())
              .at("lang") == "ru_RU");

    json::object off = changed([](json::object& u) { u["active"] = false; });
    const rendered_request& update = only(render_operation(*m, user, operation::update, input_for(&alice, &off, "17")));
    CHECK(update.method == "PUT");
    CHECK(update.path == "/api/v1/users/17");
    const json::object& ub = body_of(update);
    CHECK(ub.at("active") == false);
    CHECK(ub.at("login") == "alice@example.test");
    CHECK(ub.at("password").as_string().size() == 24);
    CHECK(ub.at("businessDirId") == 1);

    const rendered_request& remove = only(render_operation(*m, user, operation::remove, input_for(nullptr, &alice, "17")));
    CHECK(remove.method == "PUT");
    const json::object& rb = body_of(remove);
    CHECK(rb.at("active") == false);
    CHECK(rb.at("login") == "alice@example.test");
    CHECK(rb.at("password").as_string().size() == 24);
    CHECK(rb.at("businessDirId") == 1);
    // externalId is in the document's create table only (issue 14, finding 8).
    CHECK(body.at("externalId") == "ext-alice");
    CHECK(!ub.contains("externalId"));
    CHECK(!rb.contains("externalId"));
}

TEST_CASE("learningpool: userId chosen by us, alpha-3 country, async writes, status endpoint")
{
    auto m = load_vendor("learningpool", {"baseUrl", "tenantId"});
    const resource_mapping& user = *m->find("User");
    CHECK(m->connection.auth.kind == auth_kind::static_headers);
    CHECK(user.create.style == create_style::client_chooses_id);
    CHECK(user.update == update_style::delta);
    REQUIRE(m->async);

    auto created = render_operation(*m, user, operation::create, input_for(nullptr, &alice, {}));
    INFO(created.error);
    REQUIRE(created.ok());
    CHECK(created.vendor_id == std::optional<std::string>("E1001"));
    REQUIRE(created.requests.size() == 2);
    const rendered_request& create = created.requests[0];
    CHECK(create.method == "POST");
    CHECK(create.path == "/users");
    const json::object& body = body_of(create);
    CHECK(body.at("userId") == "E1001");
    CHECK(body.at("username") == "alice@example.test");
    CHECK(body.at("country") == "TUR");
    CHECK(body.at("language") == "tr_TR");
    CHECK(body.at("timezone") == "Europe/Istanbul");
    CHECK(body.at("orgRef") == "Finance");
    // The job assignment's values are not members of Create User (issue 14, finding 8).
    CHECK(!body.contains("jobAssignmentName"));
    CHECK(!body.contains("managerId"));
    const rendered_request& job = created.requests[1];
    CHECK(job.path == "/users/E1001/job-assignment");
    CHECK(json::serialize(*job.body) ==
          R"({"jobAssignmentId":"primary","jobAssignmentName":"Analyst","managerId":"MGR-V"})");

    json::object moved = changed([](json::object& u) { u["addresses"].as_array()[0].as_object()["country"] = "GB"; });
    auto update = render_operation(*m, user, operation::update, input_for(&alice, &moved, "E1001"));
    INFO(update.error);
    REQUIRE(update.ok());
    REQUIRE(update.requests.size() >= 1);
    CHECK(update.requests[0].method == "PATCH");
    CHECK(update.requests[0].path == "/users/E1001");
    CHECK(json::serialize(*update.requests[0].body) == R"({"country":"GBR"})");

    json::object off = changed([](json::object& u) { u["active"] = false; });
    auto deactivate = render_operation(*m, user, operation::update, input_for(&alice, &off, "E1001"));
    REQUIRE(deactivate.ok());
    REQUIRE_FALSE(deactivate.requests.empty());
    CHECK(deactivate.requests.back().purpose == "deactivate");
    CHECK(deactivate.requests.back().path == "/E1001/status");
    CHECK(json::serialize(*deactivate.requests.back().body) == R"({"status":"DELETED"})");

    auto in = input_for(nullptr, nullptr, {});
    in.request_id = "req-1";
    auto progress = render_progress(*m, in);
    REQUIRE(progress.requests.size() == 1);
    CHECK(progress.requests[0].path == "/progress-status/req-1");
    CHECK(has_header(progress.requests[0], "x-tenant-id", "73c9ac34-bc35-4c17-b60f-8ec0b134a72b"));
}
