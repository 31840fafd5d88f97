// The loader: the example mapping loads; each broken input is rejected with
// the exact file:line:column and message; every error is reported.

#include "mapping_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace mapping;
using mapping_test::errors_of;
using mapping_test::header;
using mapping_test::load_text;

namespace {

const std::string get_op = "    operations:\n      get: {request: {method: GET, path: \"/u/${vendor_id}\"}}\n";

std::string user(const std::string& attributes, const std::string& operations = get_op)
{
    return std::string(header) + "resources:\n  User:\n" + (attributes.empty() ? "" : "    attributes:\n") +
           attributes + operations;
}

} // namespace

TEST_CASE("the example vendor mapping loads")
{
    auto result = load_mapping(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/example-vendor.yaml",
                               mapping_test::options());
    INFO(errors_of(result));
    REQUIRE(result.errors.empty());
    const mapping_file& m = *result.mapping;
    CHECK(m.target == "example-vendor");
    CHECK(m.connection.auth.kind == auth_kind::login);
    REQUIRE(m.async);
    const resource_mapping* users = m.find("User");
    REQUIRE(users);
    CHECK(users->update == update_style::full);
    CHECK(users->attributes.size() >= 14);
    CHECK(users->find(operation::list)->paging.style == paging_style::page_number);
    REQUIRE(m.find("Group"));
    CHECK(m.find("Group")->find(operation::remove_members)->requests.front().for_each_member);
}

TEST_CASE("SCIM paths are stored in their canonical spelling")
{
    auto result = load_text(user("      - {field: a, scim: NAME.GIVENNAME}\n"
                                 "      - {field: b, scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:MANAGER.value'}\n"));
    INFO(errors_of(result));
    REQUIRE(result.errors.empty());
    const auto& attributes = result.mapping->find("User")->attributes;
    CHECK(attributes[0].scim->attribute == "name");
    CHECK(attributes[0].scim->sub_attribute == "givenName");
    CHECK(attributes[1].scim->attribute == "manager");
}

TEST_CASE("rejected inputs name file, line, column and what was expected")
{
    struct row {
        std::string yaml;
        std::string expected;   // the first error, whole or as a prefix
    };
    const std::string h = header;
    const row rows[] = {
        {h + "extra: 1\n" + "resources: {}\n",
         "test.yaml:6:1: unknown key 'extra' in the mapping file, expected one of: version, target, parameters, "
         "secrets, connection, errors, async, extensions, resources"},
        {user("      - {field: a, scim: userName, transforms: [shout]}\n"),
         "test.yaml:9:49: unknown transform 'shout', expected one of: upper, lower"},
        {user("      - {field: a, scim: name.nickname}\n"),
         "test.yaml:9:26: SCIM path 'name.nickname' names no attribute of User"},
        {user("      - {field: a, scim: 'emails[type eq'}\n"), "test.yaml:9:26: invalid SCIM path 'emails[type eq'"},
        {user("      - {field: a, value: \"${param.nope}\"}\n"),
         "test.yaml:9:27: unknown deployment parameter 'nope', expected one of the declared parameters"},
        {user("      - {field: a, value: \"${secret.pw}\"}\n"),
         "test.yaml:9:27: unknown secret 'pw', expected a name declared under secrets"},
        {user("      - {field: a, value: \"${page.number}\"}\n"),
         "test.yaml:9:27: placeholder ${page.number} is not available here, expected ${param.…}, ${secret.…}, "
         "${scim.…}"},
        {user("      - {field: a, scim: userName, transforms: [{template: \"x${value}\"}]}\n"),
         "test.yaml:9:48: transform 'template' cannot be reversed, expected direction: to_vendor on this attribute"},
        {user("      - {field: a, scim: userName, value: x}\n"),
         "test.yaml:9:9: attribute 'a' needs exactly one source, expected one of: scim, value, generate"},
        {user("", "    operations:\n      get: {request: {method: GET}}\n"),
         "test.yaml:9:22: missing key 'path' in request, expected it to be given"},
        {user("", "    operations:\n      get: {request: {method: FETCH, path: /u}}\n"),
         "test.yaml:9:31: unknown method 'FETCH', expected one of: GET, POST, PUT, PATCH, DELETE"},
        {user("", "    operations:\n      erase: {request: {method: DELETE, path: /u}}\n"),
         "test.yaml:9:7: unknown operation 'erase', expected one of: create, get, list"},
        {h + "secrets: {pw: hunter2}\nresources: {}\n",
         "test.yaml:6:15: secret 'pw' must be {env: VARIABLE} or {file: PATH}, never a value"},
        {h + "resources:\n  Device: {operations: {}}\n", "test.yaml:7:3: unknown resource type 'Device', expected User or Group"},
        {"version: 1\ntarget: [unclosed\n", "test.yaml:3:1: YAML syntax error"},
        {user("      - {field: a, scim: userName, transforms: [{date: someday}]}\n"),
         "test.yaml:9:56: unknown date form 'someday', expected one of: iso8601"},
        {user("      - {field: a, scim: userName}\n", "    operations:\n      update: {style: per_attribute}\n"),
         "test.yaml:9:9: attribute 'a' is written on update but has no 'update' request"},
        {user("", "    operations:\n      create: {style: link_existing}\n"),
         "test.yaml:9:15: link_existing needs 'lookup'"},
        {user("      - {field: a, scim: userName, transforms: [{integer: 10}]}\n"),
         "test.yaml:9:50: transform 'integer' takes no argument, expected just its name: integer"},
        {h + "errors: {by_field: errors}\nresources: {}\n",
         "test.yaml:6:20: 'by_field' must be a JSON pointer such as /id or /data/0/id"},
        {user("", "    operations:\n      update: {request: {method: PUT, path: /u, send_nulls: maybe}}\n"),
         "test.yaml:9:61: 'send_nulls' must be true or false"},
    };
    for (const auto& r : rows) {
        INFO(r.yaml);
        auto result = load_text(r.yaml);
        REQUIRE_FALSE(result.errors.empty());
        CHECK(result.mapping == nullptr);
        const std::string first = result.errors.front().to_string();
        CHECK(first.substr(0, r.expected.size()) == r.expected);
    }
}

// Found by the mapping fuzz target (tests/fuzz/mapping/regressions/): a
// create or update given as a scalar threw yaml-cpp's BadSubscript out of
// the loader, which must report every problem as a load error.
TEST_CASE("an operation that is not a mapping is a load error, not an exception")
{
    for (const std::string op : {"create", "update", "get", "list"}) {
        for (const std::string value : {"POST /users", "[request]", "null"}) {
            const std::string yaml = user("", "    operations:\n      " + op + ": " + value + "\n");
            INFO(yaml);
            mapping::load_result result;
            REQUIRE_NOTHROW(result = load_text(yaml));
            CHECK(result.mapping == nullptr);
            REQUIRE_FALSE(result.errors.empty());
            CHECK(result.errors.front().to_string().starts_with("test.yaml:9:"));
            CHECK(result.errors.front().message.find("operation '" + op + "' must be a mapping") != std::string::npos);
        }
    }
}

// Found by the mapping fuzz target: a boolean transform missing one of its
// forms (here a mistyped key) reported it, then read the absent form, and
// yaml-cpp threw InvalidNode out of the loader.
TEST_CASE("a boolean transform without its true or false form is a load error, not an exception")
{
    for (const std::string forms : {"{\"yes\": Y, \"false\": N}", "{\"true\": Y}", "{}"}) {
        const std::string yaml = user("      - {field: a, scim: active, transforms: [{boolean: " + forms + "}]}\n");
        INFO(yaml);
        mapping::load_result result;
        REQUIRE_NOTHROW(result = load_text(yaml));
        CHECK(result.mapping == nullptr);
        const std::string errors = errors_of(result);
        CHECK(errors.find("test.yaml:9:") != std::string::npos);
        CHECK(errors.find("missing key '") != std::string::npos);
        CHECK(errors.find("' in boolean") != std::string::npos);
    }
}

// Found by the mapping fuzz target: an extension without `attributes` or
// `schema` reported it, then read the absent key (yaml-cpp: InvalidNode).
TEST_CASE("an extension without its schema or attributes is a load error, not an exception")
{
    const std::string extensions[] = {
        "  User: {schema: \"urn:example:ext:1.0:User\"}\n",
        "  User: {attributes: [{name: badge, type: string}]}\n",
        "  Group: {name: nothing}\n",
    };
    for (const auto& extension : extensions) {
        const std::string yaml = std::string(header) + "extensions:\n" + extension + "resources: {}\n";
        INFO(yaml);
        mapping::load_result result;
        REQUIRE_NOTHROW(result = load_text(yaml));
        CHECK(result.mapping == nullptr);
        const std::string errors = errors_of(result);
        CHECK(errors.find("test.yaml:7:") != std::string::npos);
        CHECK(errors.find("' in an extension") != std::string::npos);
    }
}

TEST_CASE("every error in a file is reported, not just the first")
{
    auto result = load_text(user("      - {field: a, scim: name.nickname}\n"
                                 "      - {field: b, scim: userName, transforms: [shout], colour: red}\n"
                                 "      - {field: c, value: \"${param.nope}\"}\n"));
    INFO(errors_of(result));
    REQUIRE(result.errors.size() == 4);
    CHECK(result.errors[0].line == 9);
    CHECK(result.errors[1].line == 10);
    CHECK(result.errors[1].message.starts_with("unknown key 'colour'"));
    CHECK(result.errors[2].line == 10);
    CHECK(result.errors[3].line == 11);
}

TEST_CASE("the rejected inputs kept as files are rejected")
{
    const std::filesystem::path dir = std::string(SCIM_BRIDGE_SOURCE_DIR) + "/tests/mapping/cases";
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".yaml")
            continue;
        ++seen;
        INFO(entry.path());
        auto result = load_mapping(entry.path(), mapping_test::options());
        CHECK_FALSE(result.errors.empty());
        CHECK_THROWS_AS(load_mapping_file(entry.path(), mapping_test::options()), mapping_rejected);
    }
    CHECK(seen >= 3);
}

TEST_CASE("a ${field.…} must name a mapped field, and ${member.vendor_id} needs for_each_member")
{
    // A misspelt field would render null and clear the vendor's value.
    auto result = load_text(user("      - {field: firstName, scim: name.givenName}\n",
                                 "    operations:\n"
                                 "      update:\n"
                                 "        style: delta\n"
                                 "        request: {method: PATCH, path: /u, body: {first: \"${field.firstname}\"}}\n"
                                 "  Group:\n"
                                 "    operations:\n"
                                 "      add_members:\n"
                                 "        request: {method: POST, path: \"/g/${vendor_id}/m/${member.vendor_id}\"}\n"
                                 "      remove_members:\n"
                                 "        request: {method: DELETE, path: \"/g/${vendor_id}/m/${member.vendor_id}\",\n"
                                 "                  for_each_member: true}\n"));
    const std::string errors = errors_of(result);
    INFO(errors);
    CHECK(errors.find("test.yaml:13:58: unknown field 'firstname' in ${field.firstname}, expected one of the mapped "
                      "fields: firstName") != std::string::npos);
    CHECK(errors.find("test.yaml:17:18: ${member.vendor_id} is one member's id, expected for_each_member: true on "
                      "this request (or ${members} for all of them)") != std::string::npos);
    CHECK(result.errors.size() == 2);
}

TEST_CASE("a paging style whose list request does not use its placeholder is refused and next-link styles need none")
{
    const auto list = [](const std::string& query, const std::string& paging) {
        return user("", "    operations:\n      list:\n        request: {method: GET, path: /u, query: " + query +
                            ", response: {items: /records}}\n        paging: " + paging + "\n");
    };
    // Salesforce's next page is a path in the body, not a cursor: as a
    // cursor it was never sent, and every page was page 1.
    const std::vector<std::pair<std::string, std::string>> refused = {
        {list(R"({size: "${page.size}"})", "{style: cursor, next_cursor: /nextRecordsUrl}"),
         "test.yaml:11:25: paging style 'cursor' advances by ${page.cursor}, which the list request does not use: "
         "every page would be the first; a next page given as a path or URL is paging style next_url"},
        {list(R"({top: "${page.size}"})", "{style: offset}"),
         "test.yaml:11:25: paging style 'offset' advances by ${page.offset}, which the list request does not use"},
        {list(R"({size: "${page.size}", skip: "${page.offset}"})", "{style: page_number}"),
         "test.yaml:11:25: paging style 'page_number' advances by ${page.number}, which the list request does not "
         "use"},
        {list(R"({size: "${page.size}"})", "{style: next_url}"),
         "test.yaml:11:17: next_url paging needs 'next_url', expected a JSON pointer to the next page's path or URL"},
    };
    for (const auto& [yaml, expected] : refused) {
        INFO(yaml);
        auto result = load_text(yaml);
        REQUIRE(result.errors.size() == 1);
        const std::string error = result.errors.front().to_string();
        CHECK(error.substr(0, expected.size()) == expected);
    }

    auto by_body = load_text(list(R"({size: "${page.size}"})", "{style: next_url, next_url: /nextRecordsUrl}"));
    INFO(errors_of(by_body));
    REQUIRE(by_body.errors.empty());
    const auto& paging = by_body.mapping->find("User")->find(operation::list)->paging;
    CHECK(paging.style == paging_style::next_url);
    CHECK(paging.next_url_pointer == "/nextRecordsUrl");
    auto by_header = load_text(list("{}", "{style: link_header}"));
    INFO(errors_of(by_header));
    REQUIRE(by_header.errors.empty());
    CHECK(by_header.mapping->find("User")->find(operation::list)->paging.style == paging_style::link_header);
}

TEST_CASE("on_change names a SCIM attribute of the resource and the request(s) it sends")
{
    const auto update = [](const std::string& on_change) {
        return user("      - {field: first, scim: name.givenName}\n",
                    "    operations:\n      update:\n        style: delta\n"
                    "        request: {method: PATCH, path: \"/u/${vendor_id}\"}\n        on_change:\n" +
                        on_change);
    };
    auto good = load_text(update("          password:\n            request: {method: PUT, path: \"/u/${vendor_id}/pw\", "
                                 "body: {pw: \"${scim.password}\"}}\n"));
    INFO(errors_of(good));
    REQUIRE(good.errors.empty());
    const auto& triggers = good.mapping->find("User")->find(operation::update)->on_change;
    REQUIRE(triggers.size() == 1);
    CHECK(triggers[0].attribute.text == "password");
    CHECK(triggers[0].requests.at(0).method == "PUT");

    auto misspelt = load_text(update("          pasword:\n            request: {method: PUT, path: /pw}\n"));
    CHECK(errors_of(misspelt).find("test.yaml:15:11: SCIM path 'pasword' names no attribute of User") !=
          std::string::npos);
    auto empty = load_text(update("          password: {}\n"));
    CHECK(errors_of(empty).find("test.yaml:15:21: on_change 'password' needs 'request' or 'requests'") !=
          std::string::npos);
}

TEST_CASE("${kept.…} and ${membership.…} name values a response keeps, at their file:line:column")
{
    const std::string groups = "  Group:\n"
                               "    operations:\n"
                               "      update:\n"
                               "        request: {method: PUT, path: \"/g/${vendor_id}\", headers: {If-Match: \"${kept.etag}\"},\n"
                               "                  response: {keep: {etag: {header: ETag}}}}\n"
                               "      add_members:\n"
                               "        request: {method: POST, path: \"/g/${vendor_id}/m\", body: {user: \"${member.vendor_id}\"},\n"
                               "                  for_each_member: true, response: {keep: {vendor_id: /id}}}\n"
                               "      remove_members:\n"
                               "        request: {method: DELETE, path: \"/m/${membership.REMOVE}\", for_each_member: MANY}\n";
    const auto file = [&](const std::string& name, const std::string& many, const std::string& get) {
        std::string text = groups;
        text.replace(text.find("REMOVE"), 6, name);
        text.replace(text.find("MANY"), 4, many);
        return user("", "    operations:\n      get: " + get + "\n") + text;
    };
    // What the issue asks an admin to write loads.
    auto loaded = load_text(file("vendor_id", "true", "{request: {method: GET, path: \"/u/${vendor_id}\"}}"));
    INFO(errors_of(loaded));
    REQUIRE(loaded.errors.empty());
    const auto* group = loaded.mapping->find("Group");
    REQUIRE(group);
    CHECK(group->keeps_values);
    CHECK(group->keeps_membership_values);
    const auto& keep = group->find(operation::add_members)->requests.front().response.keep;
    REQUIRE(keep.size() == 1);
    CHECK(keep.front().name == "vendor_id");
    CHECK(keep.front().pointer == "/id");

    // A misspelt name, a membership's value outside a per-member request,
    // and a read that keeps or reads a kept value.
    auto refused = load_text(file("vendorid", "false",
                                  "{request: {method: GET, path: \"/u/${kept.etag}\", response: {keep: {x: /y}}}}"));
    const std::string errors = errors_of(refused);
    INFO(errors);
    CHECK(errors.find("test.yaml:9:42: placeholder ${kept.etag} is not available here") != std::string::npos);
    CHECK(errors.find("test.yaml:9:22: 'keep' is for the requests of writes") != std::string::npos);
    CHECK(errors.find("test.yaml:19:41: ${membership.vendorid} names no value add_members keeps per member, "
                      "expected one of the names under the keep: of an add_members request with for_each_member: "
                      "true: vendor_id") != std::string::npos);
    CHECK(errors.find("test.yaml:19:18: ${membership.vendorid} is one membership's value, expected for_each_member: "
                      "true on this request") == std::string::npos);  // the name is refused first
    CHECK(refused.errors.size() == 3);

    auto outside = load_text(file("vendor_id", "false", "{request: {method: GET, path: \"/u/${vendor_id}\"}}"));
    INFO(errors_of(outside));
    REQUIRE(outside.errors.size() == 1);
    CHECK(outside.errors.front().to_string() ==
          "test.yaml:19:18: ${membership.vendor_id} is one membership's value, expected for_each_member: true on "
          "this request");

    auto unknown = load_text(user("", "    operations:\n      delete: {request: {method: DELETE, path: "
                                      "\"/u/${kept.etag}\"}}\n"));
    INFO(errors_of(unknown));
    REQUIRE(unknown.errors.size() == 1);
    CHECK(unknown.errors.front().to_string().find("${kept.etag} names no value this resource's requests keep, "
                                                  "expected one of the names under a response's keep: (none)") !=
          std::string::npos);
}
