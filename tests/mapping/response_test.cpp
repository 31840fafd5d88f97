// Reading vendor answers: ids, the reverse mapping, list pages, look-ups,
// error bodies, asynchronous acceptance and progress.

#include "mapping_fixture.hpp"

#include "mapping/connection_compile.hpp"
#include "mapping/response_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

using namespace mapping;
namespace json = boost::json;

namespace {

std::shared_ptr<const mapping_file> example()
{
    return load_mapping_file(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/example-vendor.yaml",
                             mapping_test::options());
}

vendor_response answer(unsigned status, const char* body, std::vector<std::pair<std::string, std::string>> headers = {})
{
    return {status, std::move(headers), json::parse(body)};
}

} // namespace

TEST_CASE("vendor ids come from a JSON pointer or the Location header")
{
    response_spec pointer;
    pointer.id_pointer = "/id";
    CHECK(read_vendor_id(pointer, answer(201, R"({"id": "abc"})")) == std::optional<std::string>("abc"));
    CHECK(read_vendor_id(pointer, answer(201, R"({"id": 17})")) == std::optional<std::string>("17"));
    CHECK_FALSE(read_vendor_id(pointer, answer(201, R"({"name": "x"})")));
    pointer.record_pointer = "/data";
    CHECK(read_vendor_id(pointer, answer(200, R"({"data": {"id": "in-record"}})")) == std::optional<std::string>("in-record"));

    response_spec location;
    location.id_from_location = true;
    CHECK(read_vendor_id(location, answer(201, "null", {{"location", "https://v.test/api/users/u-42/?x=1"}})) ==
          std::optional<std::string>("u-42"));
    CHECK_FALSE(read_vendor_id(location, answer(201, "null")));
}

TEST_CASE("the reverse mapping turns a vendor record into SCIM attributes")
{
    auto m = example();
    const json::object record = json::parse(R"({
      "id": "V-1", "userName": "alice@example.test", "email": "alice@example.test",
      "firstName": "Alice", "lastName": "Liddell", "fullName": "ignored", "companyId": "42",
      "managerId": "MGR-V", "address": {"country": "TUR"}, "language": "en_GB", "timeZone": "UTC+3",
      "kind": "C", "active": "N", "password": "never-read", "hireDate": "Engineering", "employeeNumber": "E1"
    })").as_object();
    reference_lookup lookup = [](std::string_view, std::string_view id, lookup_direction d) -> std::optional<std::string> {
        if (d == lookup_direction::vendor_to_scim && id == "MGR-V")
            return "mgr-scim";
        return std::nullopt;
    };
    scim_view view = vendor_to_scim(*m->find("User"), record, lookup);
    INFO(json::serialize(view.attributes));
    CHECK(view.problems.empty());
    const json::value expected = json::parse(R"({
      "userName": "alice@example.test",
      "emails": [{"type": "work", "value": "alice@example.test"}],
      "name": {"givenName": "Alice", "familyName": "Liddell"},
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
        {"employeeNumber": "E1", "manager": {"value": "mgr-scim"}, "organization": "Engineering"},
      "addresses": [{"type": "work", "country": "TR"}],
      "preferredLanguage": "en-GB", "timezone": "Etc/GMT-3", "userType": "Contractor", "active": false
    })");
    CHECK(json::value(view.attributes) == expected);

    const json::object broken = json::parse(R"({"address": {"country": "ZZZ"}, "firstName": "A"})").as_object();
    scim_view partial = vendor_to_scim(*m->find("User"), broken, lookup);
    CHECK(partial.problems.size() == 1);
    CHECK(partial.attributes.at("name").at("givenName") == "A");
}

TEST_CASE("list pages: items, and whether another page follows")
{
    auto m = example();
    const operation_spec& list = *m->find("User")->find(operation::list);
    const response_spec& spec = list.requests.front().response;
    page_position first = first_page(list);
    CHECK(first.number == 1);
    CHECK(first.size == 50);
    first.size = 2;
    auto page = read_list_page(list, spec, answer(200, R"({"data": [{"id": "a"}, {"id": "b"}], "total": 3})"), first);
    CHECK(page.items.size() == 2);
    CHECK(page.more);
    CHECK(page.next.number == 2);
    CHECK(read_item_id(spec, page.items[1]) == std::optional<std::string>("b"));
    auto last = read_list_page(list, spec, answer(200, R"({"data": [{"id": "c"}], "total": 3})"), page.next);
    CHECK_FALSE(last.more);
}

TEST_CASE("look-ups: one match links, none is absent, several is ambiguous")
{
    response_spec spec;
    spec.items_pointer = "/data";
    spec.id_pointer = "/id";
    struct row {
        unsigned status;
        const char* body;
        lookup_outcome outcome;
    };
    const row rows[] = {
        {200, R"({"data": [{"id": "x1"}]})", lookup_outcome::found},
        {200, R"({"data": []})", lookup_outcome::absent},
        {404, R"({"title": "not found"})", lookup_outcome::absent},
        {200, R"({"data": [{"id": "x1"}, {"id": "x2"}]})", lookup_outcome::ambiguous},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        CHECK(read_lookup(spec, answer(r.status, r.body)).outcome == r.outcome);
    }
    CHECK(read_lookup(spec, answer(200, rows[0].body)).vendor_id == std::optional<std::string>("x1"));
}

TEST_CASE("problem-details errors name the SCIM attributes of the fields")
{
    auto m = example();
    auto error = extract_error(*m, m->find("User"), answer(400, R"({
      "title": "One or more validation errors occurred.",
      "errors": [{"propertyName": "FirstName", "errorMessage": "must not be empty"},
                 {"propertyName": "Badge", "errorMessage": "unknown"}]})"));
    CHECK(error.message == "One or more validation errors occurred.");
    REQUIRE(error.fields.size() == 2);
    CHECK(error.fields[0].scim_path == "name.givenName");
    CHECK(error.fields[1].scim_path.empty());
    CHECK(error.detail() ==
          "One or more validation errors occurred.; name.givenName: must not be empty; Badge: unknown");
    CHECK(extract_error(*m, nullptr, answer(500, "\"boom\"")).message == "boom");
    CHECK(extract_error(*m, nullptr, answer(502, "null")).detail() ==
          "the target system rejected the request (HTTP 502)");
}

TEST_CASE("validation problems keyed by field (ASP.NET) name the SCIM attributes too")
{
    auto loaded = mapping_test::load_text(std::string(mapping_test::header) + R"(
errors: {message: [/title], by_field: /errors}
resources:
  User:
    attributes:
      - {field: Email, scim: 'emails[type eq "work"].value'}
      - {field: TenantId, value: "${param.tenantId}", transforms: [integer]}
    operations:
      create: {request: {method: POST, path: /users}}
)");
    INFO(mapping_test::errors_of(loaded));
    REQUIRE(loaded.mapping);
    auto& m = *loaded.mapping;
    REQUIRE(m.errors.by_field_pointer == std::optional<std::string>("/errors"));
    auto error = extract_error(m, m.find("User"), answer(400, R"({
      "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
      "title": "One or more validation errors occurred.", "status": 400,
      "errors": {"email": ["Email is not valid.", "There is already another user with the same Email."],
                 "TenantId": "Tenant not found.", "$": [42]}})"));
    REQUIRE(error.fields.size() == 3);
    CHECK(error.fields[0].scim_path == "emails[type eq \"work\"].value");
    CHECK(error.fields[1].message == "There is already another user with the same Email.");
    CHECK(error.fields[2].vendor_field == "TenantId");
    CHECK(error.fields[2].scim_path.empty());
    CHECK(error.detail() == "One or more validation errors occurred.; emails[type eq \"work\"].value: Email is not "
                            "valid.; emails[type eq \"work\"].value: There is already another user with the same "
                            "Email.; TenantId: Tenant not found.");
    // Not an object where one is expected: the message alone.
    CHECK(extract_error(m, m.find("User"), answer(400, R"({"title": "Bad", "errors": ["x"]})")).detail() == "Bad");
}

TEST_CASE("asynchronous writes: request id and progress classification")
{
    auto m = example();
    const response_spec& create = m->find("User")->find(operation::create)->requests.front().response;
    CHECK(read_async_request_id(*m, create, answer(202, R"({"requestId": "r-1", "status": 1})")) ==
          std::optional<std::string>("r-1"));
    CHECK_FALSE(read_async_request_id(*m, create, answer(201, R"({"id": "V-1"})")));
    struct row {
        const char* body;
        progress_state state;
        const char* message;
    };
    const row rows[] = {
        {R"({"status": 1})", progress_state::in_progress, ""},
        {R"({"status": "2"})", progress_state::complete, ""},
        {R"({"status": 3, "message": "Country is invalid"})", progress_state::failed, "Country is invalid"},
        {R"({"status": 4})", progress_state::retrying, ""},
        {R"({"status": 9})", progress_state::unknown, ""},
        {R"({})", progress_state::unknown, ""},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        auto report = classify_progress(*m->async, answer(200, r.body));
        CHECK(report.state == r.state);
        CHECK(report.message == r.message);
    }
}

TEST_CASE("the connection compiles into the connector's configuration")
{
    auto m = example();
    const parameter_map params{{"host", "vendor.test:8080"}, {"tenantId", "T1"}, {"companyId", "42"}};
    secret_resolver secrets = [](std::string_view) -> std::optional<std::string> { return "pw"; };
    auto compiled = compile_connection(*m, params, secrets);
    REQUIRE(std::holds_alternative<connector::connection_config>(compiled));
    const auto& config = std::get<connector::connection_config>(compiled);
    CHECK(config.base_url.buffer() == "http://vendor.test:8080/api");
    CHECK(config.retry.max_attempts == 3);
    CHECK(config.timeouts.connect == std::chrono::milliseconds(5000));
    const auto& login = std::get<connector::login_auth>(config.auth);
    CHECK(login.login.target == "/auth/login");
    CHECK(login.login.body.reveal().at("password") == "pw");
    CHECK(login.token_pointer == "/accessToken");
    REQUIRE(login.refresh);

    secret_resolver none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    auto failed = compile_connection(*m, params, none);
    REQUIRE(std::holds_alternative<std::string>(failed));
    CHECK(std::get<std::string>(failed).find("admin_password") != std::string::npos);
}

TEST_CASE("offset and cursor paging")
{
    auto m = mapping_test::load_text(std::string(mapping_test::header) + R"(
resources:
  User:
    operations:
      list:
        request: {method: GET, path: /u, query: {skip: "${page.offset}", top: "${page.size}", after: "${page.cursor}"},
                  response: {items: /value}}
        paging: {style: cursor, size: 2, next_cursor: /next}
  Group:
    operations:
      list:
        request: {method: GET, path: /g, query: {"$skip": "${page.offset}", "$top": "${page.size}"}, response: {items: /value}}
        paging: {style: offset, size: 2}
)");
    INFO(mapping_test::errors_of(m));
    REQUIRE(m.errors.empty());
    const operation_spec& cursor = *m.mapping->find("User")->find(operation::list);
    auto page = read_list_page(cursor, cursor.requests[0].response,
                               answer(200, R"({"value": [{"id": 1}], "next": "c2"})"), first_page(cursor));
    CHECK(page.more);
    CHECK(page.next.cursor == "c2");
    CHECK_FALSE(read_list_page(cursor, cursor.requests[0].response, answer(200, R"({"value": [], "next": ""})"), page.next)
                    .more);

    const operation_spec& offset = *m.mapping->find("Group")->find(operation::list);
    auto full = read_list_page(offset, offset.requests[0].response, answer(200, R"({"value": [{}, {}]})"), first_page(offset));
    CHECK(full.more);
    CHECK(full.next.offset == 2);
    auto short_page = read_list_page(offset, offset.requests[0].response, answer(200, R"({"value": [{}]})"), full.next);
    CHECK_FALSE(short_page.more);
}
