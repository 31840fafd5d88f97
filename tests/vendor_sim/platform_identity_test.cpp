// platform-identity: create 201 + Location, per-attribute PUTs, OData lists,
// groups and roles by keys or ids, delete by id or key.
#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

using namespace vendor_sim;
namespace json = boost::json;

namespace {

const std::map<std::string, std::string> auth{{"Authorization", "Bearer platform-identity-token"}};
const std::string users = "/api/tenant/org/identity/users";

std::string create(const test::client& c, const std::string& key, const std::string& email) {
  auto reply = c.call("POST", users,
                      json::value(json::object{{"userKey", key}, {"name", key}, {"isTechnician", false}, {"email", email}}), auth);
  REQUIRE(reply.status == 201);
  auto id = std::string(reply.json().as_string());
  CHECK(reply.header("location") == users + "/" + id);
  return id;
}

}  // namespace

TEST_CASE("platform-identity: create, read by id and key, set attributes, delete") {
  running_sim sim("platform-identity");
  test::client c(sim.port());
  CHECK(c.call("GET", users).status == 401);
  CHECK(c.call("GET", "/api/other/org/identity/users", std::string(), auth).status == 404);
  auto id = create(c, "jdoe", "jdoe@example.com");
  CHECK(c.call("GET", users + "/" + id, std::string(), auth).json().at("userKey") == "jdoe");
  CHECK(c.call("GET", users + "/jdoe", std::string(), auth).json().at("id") == json::value(id));

  CHECK(c.call("PUT", users + "/jdoe/email", "\"new@example.com\"", auth).status == 200);
  CHECK(c.call("PUT", users + "/jdoe/name", "\"John Doe\"", auth).status == 200);
  CHECK(c.call("PUT", users + "/jdoe/isActive", "false", auth).status == 200);
  CHECK(c.call("PUT", users + "/jdoe/status", "\"Inactive\"", auth).status == 200);
  auto user = c.call("GET", users + "/jdoe", std::string(), auth).json();
  CHECK(user.at("email") == "new@example.com");
  CHECK(user.at("name") == "John Doe");
  CHECK(user.at("isActive") == false);
  CHECK(user.at("status") == "Inactive");

  CHECK(c.call("PUT", users + "/jdoe/isActive", "\"no\"", auth).status == 400);
  CHECK(c.call("PUT", users + "/jdoe/email", "new@example.com", auth).status == 400);  // not JSON
  CHECK(c.call("PUT", users + "/jdoe/status", "\"Sleeping\"", auth).status == 400);
  CHECK(c.call("PUT", users + "/ghost/isActive", "true", auth).status == 404);
  CHECK(c.call("PUT", users + "/jdoe/userKey", "\"jd\"", auth).status == 200);

  CHECK(c.call("DELETE", users + "/jd", std::string(), auth).status == 204);
  CHECK(c.call("DELETE", users + "/" + id, std::string(), auth).status == 404);
  auto other = create(c, "x", "x@example.com");
  CHECK(c.call("DELETE", users + "/" + other, std::string(), auth).status == 204);
}

TEST_CASE("platform-identity: required fields and unique userKey") {
  running_sim sim("platform-identity");
  test::client c(sim.port());
  CHECK(c.call("POST", users, json::value(json::object{{"userKey", "a"}, {"name", "A"}}), auth).status == 400);
  CHECK(c.call("POST", users, json::value(json::object{{"name", "A"}, {"isTechnician", true}}), auth).status == 400);
  create(c, "a", "a@example.com");
  auto dup = c.call("POST", users, json::value(json::object{{"userKey", "a"}, {"name", "A"}, {"isTechnician", true}}), auth);
  CHECK(dup.status == 400);
  CHECK(dup.json().at("detail").as_string().find("already exists") != json::string::npos);
}

TEST_CASE("platform-identity: members the document's resources do not list are refused (issue 14, finding 8)") {
  running_sim sim("platform-identity");
  test::client c(sim.port());
  // ApiUserResource, the create body, has neither culture nor isActive.
  for (const char* extra : {"culture", "isActive"}) {
    json::object body{{"userKey", "a"}, {"name", "A"}, {"isTechnician", false}};
    body[extra] = std::string_view(extra) == "culture" ? json::value("en-GB") : json::value(false);
    auto refused = c.call("POST", users, json::value(body), auth);
    CHECK(refused.status == 400);
    CHECK(refused.json().at("detail").as_string().find(std::string("'") + extra + "' is not a member") !=
          json::string::npos);
  }
  // status is a member: a user can be created Inactive, but isActive only set afterwards.
  auto created = c.call("POST", users,
                        json::value(json::object{{"userKey", "a"}, {"name", "A"}, {"isTechnician", false},
                                                 {"status", "Inactive"}}),
                        auth);
  CHECK(created.status == 201);
  CHECK(c.call("GET", users + "/a", std::string(), auth).json().at("isActive") == true);

  // Set Email takes a string: null is refused, "" clears.
  CHECK(c.call("PUT", users + "/a/email", "\"a@example.com\"", auth).status == 200);
  CHECK(c.call("PUT", users + "/a/email", "null", auth).status == 400);
  CHECK(c.call("PUT", users + "/a/email", "\"\"", auth).status == 200);
  CHECK(c.call("GET", users + "/a", std::string(), auth).json().at("email").is_null());
}

TEST_CASE("platform-identity: OData $filter, $top, $skip") {
  running_sim sim("platform-identity");
  test::client c(sim.port());
  for (int i = 0; i < 5; ++i) create(c, "u" + std::to_string(i), "u" + std::to_string(i) + "@example.com");
  auto by_key = c.call("GET", users + "?$filter=userKey%20eq%20'u3'", std::string(), auth).json();
  REQUIRE(by_key.at("value").as_array().size() == 1);
  CHECK(by_key.at("value").at(0).at("email") == "u3@example.com");
  auto both = c.call("GET", users + "?$filter=email%20eq%20'u2@example.com'%20and%20isActive%20eq%20true", std::string(), auth).json();
  CHECK(both.at("value").as_array().size() == 1);
  auto none = c.call("GET", users + "?$filter=email%20eq%20'u2@example.com'%20and%20userKey%20eq%20'u1'", std::string(), auth).json();
  CHECK(none.at("value").as_array().empty());
  auto page = c.call("GET", users + "?$top=2&$skip=3&$count=true", std::string(), auth).json();
  CHECK(page.at("value").as_array().size() == 2);
  CHECK(page.at("value").at(0).at("userKey") == "u3");
  CHECK(page.at("@odata.count") == 5);
  CHECK(c.call("GET", users + "?$filter=userKey%20ne%20'u1'", std::string(), auth).status == 400);
  CHECK(c.call("GET", users + "?$filter=shoeSize%20eq%201", std::string(), auth).status == 400);
}

TEST_CASE("platform-identity: groups and roles by keys and ids") {
  running_sim sim("platform-identity");
  test::client c(sim.port());
  c.control("POST", "seed", json::object{{"groups", json::array{json::object{{"key", "ops"}, {"id", "g-1"}},
                                                                json::object{{"key", "dev"}, {"id", "g-2"}}}},
                                         {"roles", json::array{json::object{{"key", "admin"}, {"id", "r-1"}}}}});
  create(c, "jdoe", "jdoe@example.com");
  CHECK(c.call("POST", users + "/jdoe/groups/addByKeys", "[\"ops\",\"dev\"]", auth).status == 200);
  CHECK(c.call("POST", users + "/jdoe/groups/removeByIds", "[\"g-1\"]", auth).status == 200);
  CHECK(c.call("POST", users + "/jdoe/roles/addByIds", "[\"r-1\"]", auth).status == 200);
  CHECK(c.call("POST", users + "/jdoe/groups/addByKeys", "[\"nope\"]", auth).status == 400);
  auto user = c.call("GET", users + "/jdoe", std::string(), auth).json();
  REQUIRE(user.at("groups").as_array().size() == 1);
  CHECK(user.at("groups").at(0).at("key") == "dev");
  CHECK(user.at("roles").at(0).at("key") == "admin");
  CHECK(c.call("POST", users + "/jdoe/roles/removeByKeys", "[\"admin\"]", auth).status == 200);
  CHECK(c.call("PUT", users + "/jdoe/groups", "[\"ops\"]", auth).status == 200);
  user = c.call("GET", users + "/jdoe", std::string(), auth).json();
  CHECK(user.at("roles").as_array().empty());
  CHECK(user.at("groups").at(0).at("key") == "ops");
}
