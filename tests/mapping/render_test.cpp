// Rendering vendor requests: each update style, create styles, active
// transitions, group membership, secrets masked in dry runs.

#include "mapping_fixture.hpp"

#include "mapping/dry_run.hpp"
#include "mapping/request_renderer.hpp"
#include "mapping/response_reader.hpp"

#include <boost/json/parse.hpp>
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

using namespace mapping;
namespace json = boost::json;

namespace {

std::shared_ptr<const mapping_file> load(const std::string& yaml)
{
    auto result = mapping_test::load_text(yaml);
    INFO(mapping_test::errors_of(result));
    REQUIRE(result.errors.empty());
    return result.mapping;
}

std::shared_ptr<const mapping_file> example()
{
    return load_mapping_file(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/example-vendor.yaml",
                             mapping_test::options());
}

const parameter_map params{{"host", "vendor.test"}, {"tenantId", "T1"}, {"companyId", "42"}};

render_input input_for(const json::object* before, const json::object* after)
{
    render_input in;
    in.old_resource = before;
    in.new_resource = after;
    in.vendor_id = "V-9";
    in.parameters = &params;
    in.secrets = [](std::string_view name) -> std::optional<std::string> {
        return name == "admin_password" ? std::optional<std::string>("s3cret!") : std::nullopt;
    };
    in.lookup = [](std::string_view, std::string_view id, lookup_direction) -> std::optional<std::string> {
        if (id == "mgr-scim")
            return "MGR-V";
        if (id == "u1" || id == "u2")
            return "V-" + std::string(id);
        return std::nullopt;
    };
    in.random = [](unsigned char* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<unsigned char>(i);
    };
    return in;
}

const json::object alice = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": " Alice@Example.test ", "active": true, "userType": "Employee",
  "name": {"givenName": "Alice", "familyName": "Liddell"},
  "emails": [{"type": "home", "value": "a@home.test"}, {"type": "work", "value": "alice@example.test"}],
  "addresses": [{"type": "work", "country": "TR"}],
  "preferredLanguage": "en-GB", "timezone": "Europe/Istanbul",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "E1", "manager": {"value": "mgr-scim"}}
})").as_object();

const char* small_user = R"(
resources:
  User:
    attributes:
      - {field: first, scim: name.givenName}
      - {field: last, scim: name.familyName}
      - {field: mail, scim: 'emails[type eq "work"].value'}
    operations:
      update:
        style: STYLE
        request: {method: PATCH, path: "/u/${vendor_id}"}
)";

std::string with_style(const std::string& style)
{
    std::string text = small_user;
    text.replace(text.find("STYLE"), 5, style);
    return mapping_test::header + text;
}

const json::object bob = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "bob@acme.test", "title": "Engineer", "password": "pw-1",
  "name": {"givenName": "Bob", "familyName": "Marley"}
})").as_object();

render_result rendered(const mapping_file& m, operation op, const render_input& in)
{
    render_result result = render_operation(m, *m.find("User"), op, in);
    INFO(result.error);
    REQUIRE(result.ok());
    return result;
}

} // namespace

TEST_CASE("create renders every mapped field through its transforms")
{
    auto m = example();
    auto in = input_for(nullptr, &alice);
    auto result = render_operation(*m, *m->find("User"), operation::create, in);
    INFO(result.error);
    REQUIRE(result.ok());
    // The look-up that links an account the vendor already has, then the create.
    REQUIRE(result.requests.size() == 2);
    CHECK(result.requests.front().purpose == "lookup");
    CHECK(result.requests.front().target() == "/users?userName=alice%40example.test");
    const rendered_request& r = result.requests.back();
    CHECK(r.method == "POST");
    CHECK(r.path == "/users");
    CHECK_FALSE(r.idempotent);
    const json::object& body = r.body->as_object();
    CHECK(body.at("userName") == "alice@example.test");
    CHECK(body.at("email") == "alice@example.test");
    CHECK(body.at("fullName") == "Alice Liddell");
    CHECK(body.at("companyId") == "42");
    CHECK(body.at("managerId") == "MGR-V");
    CHECK(body.at("address").at("country") == "TUR");
    CHECK(body.at("language") == "en_GB");
    CHECK(body.at("timeZone") == "UTC+3");
    CHECK(body.at("kind") == "E");
    CHECK(body.at("active") == "Y");
    CHECK(body.at("password").as_string().size() == 24);
    CHECK_FALSE(body.contains("hireDate"));
    CHECK(r.headers == std::vector<std::pair<std::string, std::string>>{{"x-tenant-id", "T1"}});
}

TEST_CASE("a deployment parameter through the integer transform is a JSON integer in the body")
{
    auto m = load(std::string(mapping_test::header) + R"(
resources:
  User:
    attributes:
      - {field: CompanyId, value: "${param.companyId}", transforms: [integer], on: [create, update]}
      - {field: EmployeeNo, scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
         transforms: [integer]}
    operations:
      create: {request: {method: POST, path: /users, query: {company: "${param.companyId}"}}}
)");
    json::object numbered = alice;
    numbered["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].as_object()["employeeNumber"] = "1007";
    auto in = input_for(nullptr, &numbered);
    auto result = render_operation(*m, *m->find("User"), operation::create, in);
    INFO(result.error);
    REQUIRE(result.ok());
    const json::object& body = result.requests.front().body->as_object();
    CHECK(body.at("CompanyId").is_int64());
    CHECK(body.at("CompanyId") == 42);
    CHECK(body.at("EmployeeNo") == 1007);
    CHECK(result.requests.front().target() == "/users?company=42");

    // A SCIM value that is no integer is the identity provider's invalid value.
    auto& enterprise = numbered["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].as_object();
    enterprise["employeeNumber"] = "E1";
    auto refused = render_operation(*m, *m->find("User"), operation::create, in);
    CHECK(refused.failure == render_failure::invalid_value);
    CHECK(refused.error == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber: 'E1' is not an "
                           "integer");
}

TEST_CASE("update styles: full, delta, per_attribute")
{
    json::object after = alice;
    after["name"].as_object()["givenName"] = "Alicia";
    after["emails"].as_array()[1].as_object()["value"] = "alicia@example.test";
    auto in = input_for(&alice, &after);

    SECTION("full sends every field")
    {
        auto m = load(with_style("full"));
        auto result = render_operation(*m, *m->find("User"), operation::update, in);
        REQUIRE(result.requests.size() == 1);
        CHECK(json::serialize(*result.requests[0].body) ==
              R"({"first":"Alicia","last":"Liddell","mail":"alicia@example.test"})");
        CHECK(result.requests[0].scim_attributes ==
              std::vector<std::string>{"name.givenName", R"(emails[type eq "work"].value)"});
    }
    SECTION("delta sends only the changed fields")
    {
        auto m = load(with_style("delta"));
        auto result = render_operation(*m, *m->find("User"), operation::update, in);
        REQUIRE(result.requests.size() == 1);
        CHECK(json::serialize(*result.requests[0].body) == R"({"first":"Alicia","mail":"alicia@example.test"})");
    }
    SECTION("delta sends null for a removed value")
    {
        auto m = load(with_style("delta"));
        json::object cleared = alice;
        cleared["name"].as_object().erase("familyName");
        auto result = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &cleared));
        REQUIRE(result.requests.size() == 1);
        CHECK(json::serialize(*result.requests[0].body) == R"({"last":null})");
    }
    SECTION("full leaves a removed value out, or sends null with send_nulls")
    {
        json::object cleared = alice;
        cleared["name"].as_object().erase("familyName");
        auto m = load(with_style("full"));
        auto result = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &cleared));
        REQUIRE(result.requests.size() == 1);
        CHECK(json::serialize(*result.requests[0].body) == R"({"first":"Alice","mail":"alice@example.test"})");

        std::string text = with_style("full");
        text.replace(text.find("path: \"/u/${vendor_id}\""), 0, "send_nulls: true, ");
        m = load(text);
        result = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &cleared));
        REQUIRE(result.requests.size() == 1);
        CHECK(json::serialize(*result.requests[0].body) ==
              R"({"first":"Alice","last":null,"mail":"alice@example.test"})");
    }
    SECTION("per_attribute sends one request per changed attribute")
    {
        auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: first, scim: name.givenName, update: {method: PUT, path: "/u/${vendor_id}/first", body: "${value}"}}
      - {field: last, scim: name.familyName, update: {method: PUT, path: "/u/${vendor_id}/last", body: "${value}"}}
      - {field: mail, scim: 'emails[type eq "work"].value', update: {method: PUT, path: "/u/${vendor_id}/mail", body: {email: "${value}"}}}
    operations:
      update: {style: per_attribute}
)"));
        auto result = render_operation(*m, *m->find("User"), operation::update, in);
        REQUIRE(result.requests.size() == 2);
        CHECK(result.requests[0].path == "/u/V-9/first");
        CHECK(*result.requests[0].body == "Alicia");
        CHECK(result.requests[0].scim_attributes == std::vector<std::string>{"name.givenName"});
        CHECK(result.requests[1].path == "/u/V-9/mail");
        CHECK(json::serialize(*result.requests[1].body) == R"({"email":"alicia@example.test"})");
    }
    SECTION("nothing changed, nothing sent")
    {
        auto m = load(with_style("delta"));
        auto result = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &alice));
        CHECK(result.ok());
        CHECK(result.requests.empty());
    }
}

TEST_CASE("a generated secret written on update travels with a change but never makes one")
{
    // Real randomness: every render draws a different secret.
    auto fresh = [](render_input in) {
        in.random = {};
        return in;
    };
    for (const char* style : {"full", "delta"}) {
        INFO(style);
        std::string text = with_style(style);
        text.replace(text.find("    operations:"), 0,
                     "      - {field: password, generate: {length: 16, charset: alnum}, on: [create, update]}\n");
        auto m = load(text);

        json::object moved = alice;
        moved["userType"] = "Contractor";  // not mapped
        auto unmapped = render_operation(*m, *m->find("User"), operation::update, fresh(input_for(&alice, &moved)));
        CHECK(unmapped.ok());
        CHECK(unmapped.requests.empty());

        json::object renamed = alice;
        renamed["name"].as_object()["givenName"] = "Alicia";
        auto result = render_operation(*m, *m->find("User"), operation::update, fresh(input_for(&alice, &renamed)));
        REQUIRE(result.requests.size() == 1);
        const auto& body = result.requests[0].body->as_object();
        CHECK(body.at("first") == "Alicia");
        CHECK(body.at("password").as_string().size() == 16);
        CHECK(result.requests[0].scim_attributes == std::vector<std::string>{"name.givenName"});
    }
}

TEST_CASE("active transitions become their own calls")
{
    auto m = example();
    json::object off = alice;
    off["active"] = false;
    auto result = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &off));
    REQUIRE(result.ok());
    REQUIRE(result.requests.size() == 2);
    CHECK(result.requests[0].purpose == "update");
    CHECK(result.requests[0].method == "PUT");
    CHECK(result.requests[0].body->at("id") == "V-9");
    CHECK(result.requests[1].purpose == "deactivate");
    CHECK(result.requests[1].path == "/users/V-9/deactivate");

    auto back = render_operation(*m, *m->find("User"), operation::update, input_for(&off, &alice));
    REQUIRE(back.requests.size() == 2);
    CHECK(back.requests[0].purpose == "reactivate");
    CHECK(back.requests[1].purpose == "update");
}

TEST_CASE("create styles: client_chooses_id renders the id, link_existing looks up")
{
    auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: userId, value: "HR-${scim.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}"}
    operations:
      create:
        style: client_chooses_id
        id: "${scim.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}"
        request: {method: POST, path: "/users/${vendor_id}"}
  Group:
    operations:
      create:
        style: link_existing
        lookup:
          - {method: GET, path: /groups, query: {name: "${scim.displayName}"}, response: {items: /data, id: /id}}
        when_absent: accept_and_link_later
)"));
    auto in = input_for(nullptr, &alice);
    in.vendor_id.reset();
    auto result = render_operation(*m, *m->find("User"), operation::create, in);
    INFO(result.error);
    REQUIRE(result.ok());
    CHECK(result.vendor_id == std::optional<std::string>("E1"));
    CHECK(result.requests[0].path == "/users/E1");
    CHECK(result.requests[0].body->at("userId") == "HR-E1");

    const json::object group = json::parse(R"({"displayName": "R&D team"})").as_object();
    auto lookup = render_operation(*m, *m->find("Group"), operation::create, input_for(nullptr, &group));
    REQUIRE(lookup.requests.size() == 1);
    CHECK(lookup.requests[0].purpose == "lookup");
    CHECK(lookup.requests[0].target() == "/groups?name=R%26D%20team");
    CHECK(m->find("Group")->create.absent == when_absent::accept_and_link_later);
}

TEST_CASE("failures are classified and nothing is rendered")
{
    auto m = example();
    auto in = input_for(nullptr, &alice);
    in.vendor_id.reset();
    auto get = render_operation(*m, *m->find("User"), operation::get, in);
    CHECK(get.failure == render_failure::not_linked);
    CHECK(get.requests.empty());

    json::object bad = alice;
    bad["addresses"].as_array()[0].as_object()["country"] = "XX";
    auto create = render_operation(*m, *m->find("User"), operation::create, input_for(nullptr, &bad));
    CHECK(create.failure == render_failure::invalid_value);
    CHECK(create.error.find("not an ISO 3166-1") != std::string::npos);

    auto list = render_operation(*m, *m->find("Group"), operation::list, in);
    CHECK(list.failure == render_failure::unsupported);
}

TEST_CASE("group membership: all members at once or one request per member")
{
    auto m = example();
    auto in = input_for(nullptr, nullptr);
    in.member_ids = {"u1", "u2", "ghost"};
    auto add = render_operation(*m, *m->find("Group"), operation::add_members, in);
    REQUIRE(add.requests.size() == 1);
    CHECK(json::serialize(*add.requests[0].body) == R"({"userIds":["V-u1","V-u2"]})");
    CHECK(add.unresolved_members == std::vector<std::string>{"ghost"});
    auto remove = render_operation(*m, *m->find("Group"), operation::remove_members, in);
    REQUIRE(remove.requests.size() == 2);
    CHECK(remove.requests[1].path == "/groups/V-9/members/V-u2");
}

TEST_CASE("a membership's kept id addresses its removal, a kept value fills a later request, an answer's values are read")
{
    auto m = load(std::string(mapping_test::header) + R"(
resources:
  Group:
    attributes:
      - {field: name, scim: displayName}
    operations:
      update:
        request: {method: PUT, path: "/g/${vendor_id}", headers: {If-Match: "${kept.etag}"},
                  response: {keep: {etag: {header: ETag}, version: /meta/version}}}
      add_members:
        request: {method: POST, path: "/g/${vendor_id}/m", body: {user: "${member.vendor_id}"}, for_each_member: true,
                  response: {keep: {vendor_id: /id}}}
      remove_members:
        request: {method: DELETE, path: "/memberships/${membership.vendor_id}", for_each_member: true}
)");
    const auto& group = *m->find("Group");
    auto in = input_for(nullptr, nullptr);
    in.member_ids = {"u1", "u2"};
    const std::map<std::string, json::object, std::less<>> memberships{{"u1", {{"vendor_id", "M-1"}}},
                                                                       {"u2", {{"vendor_id", "M-2"}}}};
    in.membership_kept = &memberships;
    auto removal = render_operation(*m, group, operation::remove_members, in);
    INFO(removal.error);
    REQUIRE(removal.requests.size() == 2);
    CHECK(removal.requests[0].path == "/memberships/M-1");
    CHECK(removal.requests[0].member == "u1");
    CHECK(removal.requests[1].path == "/memberships/M-2");

    // Without it there is no address: a failure, never a request to "/memberships/".
    const std::map<std::string, json::object, std::less<>> only_first{{"u1", {{"vendor_id", "M-1"}}}};
    in.membership_kept = &only_first;
    auto missing = render_operation(*m, group, operation::remove_members, in);
    CHECK(missing.failure == render_failure::not_linked);
    CHECK(missing.error.find("no value 'vendor_id' is kept for this membership") != std::string::npos);
    CHECK(missing.requests.empty());

    // A value kept for the resource fills a header; absent, the header is left out.
    const json::object state = json::parse(R"({"displayName": "Ops"})").as_object();
    const json::object before = json::parse(R"({"displayName": "Dev"})").as_object();
    auto update_in = input_for(&before, &state);
    auto first = render_operation(*m, group, operation::update, update_in);
    REQUIRE(first.requests.size() == 1);
    CHECK(std::none_of(first.requests[0].headers.begin(), first.requests[0].headers.end(),
                       [](const auto& h) { return h.first == "If-Match"; }));
    const json::object kept{{"etag", "W/\"7\""}};
    update_in.kept = &kept;
    auto second = render_operation(*m, group, operation::update, update_in);
    REQUIRE(second.requests.size() == 1);
    CHECK(std::find(second.requests[0].headers.begin(), second.requests[0].headers.end(),
                    std::pair<std::string, std::string>{"If-Match", "W/\"7\""}) != second.requests[0].headers.end());

    // What an answer hands back: a header (any case) and a typed body value.
    vendor_response answer{200, {{"etag", "W/\"8\""}}, json::parse(R"({"meta": {"version": 8}})")};
    CHECK(read_kept(group.find(operation::update)->requests[0].response, answer) ==
          json::object{{"etag", "W/\"8\""}, {"version", 8}});
}

TEST_CASE("in_body: false fills templates but joins no body, and a delta request left with nothing is not sent")
{
    auto m = load(std::string(mapping_test::header) + R"(
resources:
  User:
    attributes:
      - {field: first, scim: name.givenName}
      - {field: role, scim: title, direction: to_vendor, in_body: false}
    operations:
      create:
        style: client_chooses_id
        id: "${scim.userName}"
        requests:
          - {method: POST, path: /users}
          - {method: POST, path: "/users/${vendor_id}/role", fields: none, body: {name: "${field.role}"}}
      update:
        style: delta
        requests:
          - {method: PATCH, path: "/users/${vendor_id}"}
          - {method: POST, path: "/users/${vendor_id}/role", fields: none, body: {name: "${field.role}"}}
)");
    const auto& user = *m->find("User");
    const json::object before = json::parse(R"({"userName": "u", "name": {"givenName": "Ann"}, "title": "Cook"})").as_object();
    auto created = render_operation(*m, user, operation::create, input_for(nullptr, &before));
    INFO(created.error);
    REQUIRE(created.requests.size() == 2);
    CHECK(json::serialize(*created.requests[0].body) == R"({"first":"Ann"})");
    CHECK(json::serialize(*created.requests[1].body) == R"({"name":"Cook"})");

    const json::object retitled = json::parse(R"({"userName": "u", "name": {"givenName": "Ann"}, "title": "Chef"})").as_object();
    auto only_role = render_operation(*m, user, operation::update, input_for(&before, &retitled));
    REQUIRE(only_role.requests.size() == 1);
    CHECK(only_role.requests[0].path == "/users/V-9/role");

    const json::object renamed = json::parse(R"({"userName": "u", "name": {"givenName": "Anna"}, "title": "Cook"})").as_object();
    auto both = render_operation(*m, user, operation::update, input_for(&before, &renamed));
    REQUIRE(both.requests.size() == 2);
    CHECK(json::serialize(*both.requests[0].body) == R"({"first":"Anna"})");
}

TEST_CASE("list pages and progress polls")
{
    auto m = example();
    auto in = input_for(nullptr, nullptr);
    in.page = {3, 50, 100, {}};
    auto list = render_operation(*m, *m->find("User"), operation::list, in);
    REQUIRE(list.requests.size() == 1);
    CHECK(list.requests[0].target() == "/users?page=3&size=50");
    in.request_id = "req/7";
    auto progress = render_progress(*m, in);
    REQUIRE(progress.requests.size() == 1);
    CHECK(progress.requests[0].path == "/progress/req%2F7");
}

TEST_CASE("dry runs mask secrets and generated passwords")
{
    auto m = load(mapping_test::header + std::string(R"(
secrets: {token: {env: TOKEN}}
resources:
  User:
    attributes:
      - {field: password, generate: {length: 12, charset: digits}}
    operations:
      create: {request: {method: POST, path: /users, headers: {x-key: "${secret.token}"}}}
)"));
    auto in = input_for(nullptr, &alice);
    in.secrets = [](std::string_view) -> std::optional<std::string> { return "tok-123"; };
    auto result = render_operation(*m, *m->find("User"), operation::create, in);
    REQUIRE(result.ok());
    const std::string password(result.requests[0].body->at("password").as_string());
    const std::string text = dry_run(result.requests, "http://vendor.test");
    CHECK(text.find("tok-123") == std::string::npos);
    CHECK(text.find(password) == std::string::npos);
    CHECK(text.find("x-key: ***") != std::string::npos);
    CHECK(text.find("POST http://vendor.test/users") != std::string::npos);
}

TEST_CASE("an unresolvable secret is a configuration failure, never a partial request")
{
    auto m = load(mapping_test::header + std::string(R"(
secrets: {token: {env: TOKEN}}
resources:
  User:
    operations:
      get: {request: {method: GET, path: "/u/${vendor_id}", headers: {x-key: "${secret.token}"}}}
)"));
    auto in = input_for(nullptr, &alice);
    in.secrets = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    auto result = render_operation(*m, *m->find("User"), operation::get, in);
    CHECK(result.failure == render_failure::configuration);
    CHECK(result.requests.empty());
    CHECK(result.error.find("secret 'token'") != std::string::npos);
}

TEST_CASE("dry runs mask the SCIM password, a write-only attribute, mapped or in a template")
{
    auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: login, scim: userName}
      - {field: pwd, scim: password, direction: to_vendor}
    operations:
      create: {request: {method: POST, path: /users}}
      update:
        style: delta
        request: {method: PATCH, path: "/users/${vendor_id}", body: {credentials: {value: "${scim.password}"}}}
)"));
    json::object with_password = alice;
    with_password["password"] = "Tr0ub4dor&3";
    auto created = render_operation(*m, *m->find("User"), operation::create, input_for(nullptr, &with_password));
    REQUIRE(created.ok());
    CHECK(created.requests[0].body->at("pwd") == "Tr0ub4dor&3");  // sent to the vendor as it is
    std::string text = dry_run(created.requests, "http://vendor.test");
    CHECK(text.find("Tr0ub4dor") == std::string::npos);
    CHECK(text.find(R"("pwd":"***")") != std::string::npos);

    auto updated = render_operation(*m, *m->find("User"), operation::update, input_for(&alice, &with_password));
    REQUIRE(updated.requests.size() == 1);
    text = dry_run(updated.requests, "http://vendor.test");
    CHECK(text.find("Tr0ub4dor") == std::string::npos);
    CHECK(text.find(R"("credentials":{"value":"***"})") != std::string::npos);
}

TEST_CASE("absent means left out: a body member or array element without a value is not sent")
{
    const std::string create = R"(
resources:
  User:
    attributes:
      - {field: login, scim: userName}
    operations:
      create:
        request:
          method: POST
          path: /users
          SEND_NULLS
          body: {password: "${scim.password}", titles: ["${scim.title}"], nick: "${scim.nickName}",
                 profile: {title: "${scim.title}", locale: "${scim.locale}"}, cleared: null}
)";
    auto with = [&](const std::string& replacement) {
        std::string text = create;
        text.replace(text.find("SEND_NULLS"), 10, replacement);
        return load(mapping_test::header + text);
    };
    json::object bare = bob;
    bare.erase("password");
    bare.erase("title");

    auto m = with("");
    // An identity provider that sends the values: everything is there.
    auto full = rendered(*m, operation::create, input_for(nullptr, &bob));
    CHECK(json::serialize(*full.requests[0].body) ==
          R"({"login":"bob@acme.test","password":"pw-1","titles":["Engineer"],"profile":{"title":"Engineer"},"cleared":null})");
    // One that does not: no `null` password, no `[null]`, and a literal null stays.
    auto bare_result = rendered(*m, operation::create, input_for(nullptr, &bare));
    CHECK(json::serialize(*bare_result.requests[0].body) == R"({"login":"bob@acme.test","profile":{},"cleared":null})");

    // send_nulls is the explicit way to clear: the members are sent as null.
    m = with("send_nulls: true");
    auto nulls = rendered(*m, operation::create, input_for(nullptr, &bare));
    CHECK(json::serialize(*nulls.requests[0].body) ==
          R"({"login":"bob@acme.test","password":null,"titles":[null],"nick":null,)"
          R"("profile":{"title":null,"locale":null},"cleared":null})");
}

TEST_CASE("a SCIM change that reaches the vendor only through a body template is sent")
{
    // The vendor's custom attribute is fed by the template alone; the mapped
    // fields do not move. Before, the update sent nothing and answered 200:
    // the vendor kept the old department while the store had the new one.
    const char* department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    for (const char* style : {"delta", "full"}) {
        INFO(style);
        auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: login, scim: userName}
    operations:
      update:
        style: )") + style + R"(
        request:
          method: PATCH
          path: "/users/${vendor_id}"
          body: {attributes: {department: ["${scim.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}"]}}
)");
        json::object before = bob;
        before[std::string(department).substr(0, std::string(department).rfind(':'))] =
            json::object{{"department", "Research"}};
        json::object after = before;
        after[std::string(department).substr(0, std::string(department).rfind(':'))].as_object()["department"] =
            "Sales";

        auto moved = rendered(*m, operation::update, input_for(&before, &after));
        REQUIRE(moved.requests.size() == 1);
        CHECK(moved.requests[0].body->at("attributes").at("department") == json::array{"Sales"});
        // What the vendor now holds, should a later call of the sequence fail.
        CHECK(moved.requests[0].scim_attributes == std::vector<std::string>{department});

        // A change that alters nothing the vendor receives still sends nothing.
        json::object retitled = before;
        retitled["title"] = "Boss";
        CHECK(rendered(*m, operation::update, input_for(&before, &retitled)).requests.empty());
    }
}

TEST_CASE("the SCIM meta and a generated secret differ between the two renderings but make no change")
{
    // meta.lastModified is new on every write, a generated secret on every
    // render: read by a template, each travels with a real change only.
    const std::string full_or_delta = R"(
resources:
  User:
    attributes:
      - {field: first, scim: name.givenName}
      - {field: key, generate: {length: 8, charset: alnum}, on: [update], in_body: false}
    operations:
      update:
        style: STYLE
        request: {method: PATCH, path: "/u/${vendor_id}", body: {syncedAt: "${scim.meta.lastModified}", key: "${field.key}"}}
)";
    const std::string per_attribute = R"(
resources:
  User:
    attributes:
      - field: first
        scim: name.givenName
        update: {method: PUT, path: "/u/${vendor_id}/first", body: {first: "${value}", syncedAt: "${scim.meta.lastModified}"}}
    operations:
      update: {style: per_attribute}
)";
    json::object before = bob;
    before["meta"] = json::object{{"resourceType", "User"}, {"lastModified", "2026-01-01T00:00:00Z"}, {"version", "W/\"1\""}};
    json::object nicknamed = bob;  // an attribute no request sends
    nicknamed["nickName"] = "Bobby";
    nicknamed["meta"] = json::object{{"resourceType", "User"}, {"lastModified", "2026-02-02T00:00:00Z"}, {"version", "W/\"2\""}};
    json::object renamed = nicknamed;
    renamed["name"].as_object()["givenName"] = "Robert";
    for (const char* style : {"full", "delta", "per_attribute"}) {
        INFO(style);
        std::string text = std::string(style) == "per_attribute" ? per_attribute : full_or_delta;
        if (const auto at = text.find("STYLE"); at != std::string::npos)
            text.replace(at, 5, style);
        auto m = load(mapping_test::header + text);
        auto in = input_for(&before, &nicknamed);
        in.random = {};  // real randomness: every render draws a different secret
        CHECK(rendered(*m, operation::update, in).requests.empty());

        in = input_for(&before, &renamed);
        in.random = {};
        auto moved = rendered(*m, operation::update, in);
        REQUIRE(moved.requests.size() == 1);
        CHECK(moved.requests[0].body->at("syncedAt") == "2026-02-02T00:00:00Z");
        CHECK(moved.requests[0].scim_attributes == std::vector<std::string>{"name.givenName"});
    }
}

TEST_CASE("per_attribute: an attribute's request is sent when what it renders changed, a SCIM value its template reads included")
{
    auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: login, scim: userName, transforms: [lower], update: {method: PUT, path: "/u/${vendor_id}/login", body: "${value}"}}
      - field: first
        scim: name.givenName
        update: {method: PUT, path: "/u/${vendor_id}/profile", body: {first: "${value}", title: "${scim.title}"}}
    operations:
      update: {style: per_attribute}
)"));
    json::object retitled = bob;
    retitled["title"] = "Boss";
    auto moved = rendered(*m, operation::update, input_for(&bob, &retitled));
    REQUIRE(moved.requests.size() == 1);
    CHECK(moved.requests[0].path == "/u/V-9/profile");
    CHECK(json::serialize(*moved.requests[0].body) == R"({"first":"Bob","title":"Boss"})");
    CHECK(moved.requests[0].scim_attributes == std::vector<std::string>{"name.givenName", "title"});

    // The same login for the vendor: nothing sent.
    json::object recased = bob;
    recased["userName"] = "BOB@acme.test";
    CHECK(rendered(*m, operation::update, input_for(&bob, &recased)).requests.empty());
}

TEST_CASE("JSON values: value may be any JSON, and the array transform wraps one value in a list")
{
    // A vendor whose custom attributes are arrays of strings:
    // {"attributes": {"department": ["Research"]}}.
    auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: attributes.department, scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
         transforms: [array]}
      - {field: roles, value: ["${scim.title}", member]}
      - {field: teams, value: ["${scim.title}"]}
      - {field: flags, value: {admin: false, level: 3, label: "${scim.name.givenName}"}}
      - {field: seats, value: 7}
    operations:
      create: {request: {method: POST, path: /users}}
)"));
    json::object researcher = bob;
    researcher["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = json::object{{"department", "Research"}};
    auto created = rendered(*m, operation::create, input_for(nullptr, &researcher));
    CHECK(json::serialize(*created.requests[0].body) ==
          R"({"attributes":{"department":["Research"]},"roles":["Engineer","member"],"teams":["Engineer"],)"
          R"("flags":{"admin":false,"level":3,"label":"Bob"},"seats":7})");

    // Absent values are left out of the lists; a list left empty is no value.
    json::object untitled = bob;
    untitled.erase("title");
    auto bare = rendered(*m, operation::create, input_for(nullptr, &untitled));
    CHECK(json::serialize(*bare.requests[0].body) ==
          R"({"roles":["member"],"flags":{"admin":false,"level":3,"label":"Bob"},"seats":7})");

    // Back from the vendor: the list's first element.
    const json::object record = json::parse(R"({"attributes": {"department": ["Research", "Labs"]}})").as_object();
    const scim_view view = vendor_to_scim(*m->find("User"), record, {});
    CHECK(view.problems.empty());
    CHECK(view.attributes.at("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").at("department") ==
          "Research");
}

TEST_CASE("on_change requests follow the update, precede a deactivation, and name their attribute")
{
    auto m = example();
    json::object changed = alice;
    changed["password"] = "S3cret-pw";
    changed["active"] = false;
    auto result = rendered(*m, operation::update, input_for(&alice, &changed));
    REQUIRE(result.requests.size() == 3);
    CHECK(result.requests[0].purpose == "update");
    const rendered_request& reset = result.requests[1];
    CHECK(reset.purpose == "on_change:password");
    CHECK(reset.method == "PUT");
    CHECK(reset.path == "/users/V-9/reset-password");
    CHECK(reset.body == json::value(json::object{{"password", "S3cret-pw"}}));
    // The sequence's bookkeeping: a failure after it means the vendor has the password.
    CHECK(reset.scim_attributes == std::vector<std::string>{"password"});
    // Masked wherever the request is shown or logged.
    CHECK(std::find(reset.secrets.begin(), reset.secrets.end(), "S3cret-pw") != reset.secrets.end());
    CHECK(result.requests[2].purpose == "deactivate");

    // The password alone: the reset only (nothing the update body carries changed).
    json::object only_password = alice;
    only_password["password"] = "S3cret-pw";
    auto alone = rendered(*m, operation::update, input_for(&alice, &only_password));
    REQUIRE(alone.requests.size() == 1);
    CHECK(alone.requests[0].purpose == "on_change:password");

    // No password: no reset.
    json::object renamed = alice;
    renamed["name"].as_object()["givenName"] = "Alicia";
    auto plain = rendered(*m, operation::update, input_for(&alice, &renamed));
    REQUIRE(plain.requests.size() == 1);
    CHECK(plain.requests[0].purpose == "update");
}
