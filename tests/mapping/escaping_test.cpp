// Values the identity provider controls, written into a vendor's query
// language, stay one literal of it: the escaping transforms in request
// placeholders, and truncate for fields with a maximum length.

#include "mapping_fixture.hpp"

#include "mapping/request_renderer.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

using namespace mapping;
namespace json = boost::json;

namespace {

const parameter_map params{{"host", "vendor.test"}, {"tenantId", "T1"}, {"companyId", "42"}};

std::vector<rendered_request> lookups_for(const std::string& user_name)
{
    auto loaded = mapping_test::load_text(std::string(mapping_test::header) + R"(
resources:
  User:
    attributes:
      - {field: Username, scim: userName}
      - {field: Title, scim: title, transforms: [{truncate: 5}]}
    operations:
      create:
        lookup:
          - {method: GET, path: /odata/users, query: {$filter: "mail eq '${scim.userName|odata}'"},
             response: {items: /value, id: /id}}
          - {method: GET, path: /services/data/query,
             query: {q: "SELECT Id FROM User WHERE Username = '${scim.userName | soql}'"},
             response: {items: /records, id: /Id}}
          - {method: GET, path: /users, headers: {x-next: "https://vendor.test/u?login=${scim.userName|lower|url}"},
             response: {items: "", id: /id}}
        request: {method: POST, path: /users}
)");
    INFO(mapping_test::errors_of(loaded));
    REQUIRE(loaded.errors.empty());
    const json::object user{{"userName", user_name}, {"title", "Président"}};
    render_input in;
    in.new_resource = &user;
    in.parameters = &params;
    auto result = render_operation(*loaded.mapping, *loaded.mapping->find("User"), operation::create, in);
    INFO(result.error);
    REQUIRE(result.ok());
    REQUIRE(result.requests.size() == 4);
    return result.requests;
}

} // namespace

TEST_CASE("a look-up by a name with each query language's quote characters stays one literal")
{
    auto requests = lookups_for(R"(O'Brien\"x"@acme.test)");
    // OData doubles the single quote; nothing else is special inside its literal.
    CHECK(requests[0].query == std::vector<std::pair<std::string, std::string>>{
                                   {"$filter", R"(mail eq 'O''Brien\"x"@acme.test')"}});
    // SOQL backslash-escapes the backslash and both quotes.
    CHECK(requests[1].query == std::vector<std::pair<std::string, std::string>>{
                                   {"q", R"(SELECT Id FROM User WHERE Username = 'O\'Brien\\\"x\"@acme.test')"}});
    // A URL the template builds itself: percent-encoded, after `lower`.
    CHECK(requests[2].headers.back() ==
          std::pair<std::string, std::string>{"x-next", "https://vendor.test/u?login=o%27brien%5C%22x%22%40acme.test"});
    // truncate keeps whole characters: "Prési", not a split "é".
    CHECK(requests[3].body->at("Title") == "Prési");
}

TEST_CASE("placeholder transforms are checked when the file is loaded")
{
    auto loaded = mapping_test::load_text(std::string(mapping_test::header) + R"(
resources:
  User:
    operations:
      get: {request: {method: GET, path: "/u/${vendor_id|sql}", query: {n: "${scim.userName|truncate(0)}"}}}
)");
    const std::string errors = mapping_test::errors_of(loaded);
    CHECK(errors.find("unknown transform 'sql' in a placeholder, expected upper, lower, trim, array, odata, soql, url "
                      "or truncate(N)") != std::string::npos);
    CHECK(errors.find("unknown transform 'truncate(0)'") != std::string::npos);
    CHECK(errors.find("test.yaml:10:") != std::string::npos);
}
