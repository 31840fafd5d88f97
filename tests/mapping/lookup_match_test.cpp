// Look-ups whose search is wider than equality (a substring search on
// names and e-mail): `response.match` keeps only the items that really are
// the resource, so that "ann@x" never links to "joann@x".

#include "mapping_fixture.hpp"

#include "mapping/request_renderer.hpp"
#include "mapping/response_reader.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

using namespace mapping;
namespace json = boost::json;

namespace {

const std::string directory = mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: email, scim: 'emails[type eq "work"].value', transforms: [trim]}
    operations:
      create:
        style: link_existing
        lookup:
          - method: GET
            path: /users
            query: {search: "${field.email}"}
            response: {items: "", id: /_id, match: {/email: "${field.email}"}}
        when_absent: reject
)");

std::shared_ptr<const mapping_file> load(const std::string& yaml)
{
    auto result = mapping_test::load_text(yaml);
    INFO(mapping_test::errors_of(result));
    REQUIRE(result.errors.empty());
    return result.mapping;
}

vendor_response answer(const char* body)
{
    return {200, {}, json::parse(body)};
}

rendered_request lookup_of(const mapping_file& m, const json::object& user)
{
    render_input in;
    in.new_resource = &user;
    const parameter_map params{{"host", "vendor.test"}};
    in.parameters = &params;
    auto result = render_operation(m, *m.find("User"), operation::create, in);
    INFO(result.error);
    REQUIRE(result.ok());
    REQUIRE(result.requests.size() == 1);
    return result.requests[0];
}

const char* both = R"([{"_id": "jo", "email": "joann@x.test"}, {"_id": "an", "email": "Ann@X.test"}])";

} // namespace

TEST_CASE("look-up match: the expected value is rendered with the request, transforms applied")
{
    auto m = load(directory);
    const auto user = json::parse(R"({"emails": [{"type": "work", "value": " ann@x.test "}]})").as_object();
    auto request = lookup_of(*m, user);
    CHECK(request.target() == "/users?search=ann%40x.test");
    REQUIRE(request.match.size() == 1);
    CHECK(request.match[0].first == "/email");
    CHECK(request.match[0].second == "ann@x.test");
}

TEST_CASE("look-up match: only items equal at the pointer count, strings case-insensitively")
{
    auto m = load(directory);
    const auto& spec = m->find("User")->create.lookup.at(0).response;
    const std::vector<std::pair<std::string, json::value>> ann{{"/email", "ann@x.test"}};

    // The substring search answers Jo too; only Ann is Ann.
    auto found = read_lookup(spec, answer(both), ann);
    CHECK(found.outcome == lookup_outcome::found);
    CHECK(found.vendor_id == std::optional<std::string>("an"));
    // Without the match the same answer is ambiguous.
    CHECK(read_lookup(spec, answer(both)).outcome == lookup_outcome::ambiguous);
    // Only a longer address exists: absent, never linked to it.
    auto absent = read_lookup(spec, answer(R"([{"_id": "jo", "email": "joann@x.test"}])"), ann);
    CHECK(absent.outcome == lookup_outcome::absent);
    CHECK_FALSE(absent.vendor_id);
    // Two records with that very address are still ambiguous.
    auto twice = read_lookup(spec, answer(R"([{"_id": "a1", "email": "ann@x.test"}, {"_id": "a2", "email": "ANN@x.test"}])"), ann);
    CHECK(twice.outcome == lookup_outcome::ambiguous);
}

TEST_CASE("look-up match: a resource without the value matches nothing")
{
    auto m = load(directory);
    const auto& spec = m->find("User")->create.lookup.at(0).response;
    // No work e-mail: the search goes out without `search` and answers everyone.
    const auto user = json::parse(R"({"userName": "nomail"})").as_object();
    auto request = lookup_of(*m, user);
    CHECK(request.target() == "/users");
    auto only = read_lookup(spec, answer(R"([{"_id": "jo", "email": "joann@x.test"}])"), request.match);
    CHECK(only.outcome == lookup_outcome::absent);
    const std::vector<std::pair<std::string, json::value>> empty{{"/email", ""}};
    CHECK(read_lookup(spec, answer(R"([{"_id": "e", "email": ""}])"), empty).outcome == lookup_outcome::absent);
}

TEST_CASE("look-up match: the loader checks its shape and place")
{
    auto not_a_pointer = mapping_test::load_text(mapping_test::header + std::string(R"(
resources:
  User:
    operations:
      create:
        style: link_existing
        lookup:
          - {method: GET, path: /users, response: {items: "", id: /_id, match: {email: "${scim.userName}"}}}
)"));
    CHECK(mapping_test::errors_of(not_a_pointer).find("expected a JSON pointer such as /email") != std::string::npos);

    auto outside = mapping_test::load_text(mapping_test::header + std::string(R"(
resources:
  User:
    operations:
      create:
        request: {method: POST, path: /users, response: {id: /id}}
      get:
        request: {method: GET, path: "/users/${vendor_id}", response: {record: "", match: {/id: "${vendor_id}"}}}
)"));
    CHECK(mapping_test::errors_of(outside).find("'match' is only for the look-ups of create") != std::string::npos);

    auto unknown_placeholder = mapping_test::load_text(mapping_test::header + std::string(R"(
resources:
  User:
    operations:
      create:
        style: link_existing
        lookup:
          - {method: GET, path: /users, response: {items: "", id: /_id, match: {/email: "${page.size}"}}}
)"));
    CHECK_FALSE(unknown_placeholder.errors.empty());
}

TEST_CASE("look-up only_if: a look-up by a key the resource lacks is not sent")
{
    auto m = load(mapping_test::header + std::string(R"(
resources:
  User:
    attributes:
      - {field: email, scim: 'emails[type eq "work"].value'}
    operations:
      create:
        style: link_existing
        lookup:
          - {method: GET, path: /users, query: {search: "${field.email}"}, only_if: "${field.email}",
             response: {items: "", id: /_id}}
          - {method: GET, path: /users/lookup, query: {value: "${scim.externalId}"}, only_if: "${scim.externalId}",
             response: {id: /_id}}
        when_absent: accept_and_link_later
)"));
    render_input in;
    const parameter_map params{{"host", "vendor.test"}};
    in.parameters = &params;
    auto targets = [&](const char* user) {
        const auto resource = json::parse(user).as_object();
        in.new_resource = &resource;
        auto result = render_operation(*m, *m->find("User"), operation::create, in);
        INFO(result.error);
        REQUIRE(result.ok());
        std::vector<std::string> out;
        for (const auto& request : result.requests)
            out.push_back(request.target());
        return out;
    };
    CHECK(targets(R"({"externalId": "e1", "emails": [{"type": "work", "value": "a@x.test"}]})") ==
          std::vector<std::string>{"/users?search=a%40x.test", "/users/lookup?value=e1"});
    CHECK(targets(R"({"emails": [{"type": "work", "value": "a@x.test"}]})") ==
          std::vector<std::string>{"/users?search=a%40x.test"});
    CHECK(targets(R"({"externalId": "e1", "emails": [{"type": "work", "value": ""}]})") ==
          std::vector<std::string>{"/users/lookup?value=e1"});
    CHECK(targets(R"({"userName": "nobody"})").empty());

    auto outside = mapping_test::load_text(mapping_test::header + std::string(R"(
resources:
  User:
    operations:
      create: {request: {method: POST, path: /users, only_if: "${scim.userName}"}}
)"));
    CHECK(mapping_test::errors_of(outside).find("'only_if' is only for the look-ups of create") != std::string::npos);
}
