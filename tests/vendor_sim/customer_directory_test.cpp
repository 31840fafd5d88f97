// customer-directory: no create; seeded accounts found by search or external
// identity, patched (roleIds writable, groupIds read-only) and deleted.
#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

using namespace vendor_sim;
namespace json = boost::json;

namespace {

const std::map<std::string, std::string> auth{{"Authorization", "customer-directory-token"}};
const std::string customer = "5f0c1e2d3c4b5a6978877665";
const std::string v1 = "/api/v1/customers/" + customer + "/users";
const std::string user_id = "64b7f0c2a1b2c3d4e5f60718";

void seed(const test::client& c) {
  c.control("POST", "seed",
            json::object{{"users", json::array{json::object{{"_id", user_id},
                                                            {"email", "grace@example.com"},
                                                            {"firstName", "Grace"},
                                                            {"lastName", "Hopper"},
                                                            {"groupIds", json::array{"64b7f0c2a1b2c3d4e5f60000"}},
                                                            {"externalIdentities", json::array{json::object{{"type", "okta"}, {"value", "00u1"}}}}},
                                               json::object{{"email", "alan@example.com"}, {"firstName", "Alan"}, {"lastName", "Turing"}}}}});
}

}  // namespace

TEST_CASE("customer-directory: search, lookup, get, patch, delete") {
  running_sim sim("customer-directory");
  test::client c(sim.port());
  seed(c);
  CHECK(c.call("GET", v1 + "?integration=scim").status == 401);
  CHECK(c.call("POST", v1, json::value(json::object{{"email", "x@example.com"}}), auth).status == 405);

  auto found = c.call("GET", v1 + "?search=grace%40example&integration=scim", std::string(), auth).json().as_array();
  REQUIRE(found.size() == 1);
  CHECK(found[0].at("_id") == json::value(user_id));
  CHECK(found[0].at("nickname") == "");
  CHECK_FALSE(found[0].as_object().contains("roleIds"));
  CHECK(c.call("GET", v1 + "?integration=scim", std::string(), auth).json().as_array().size() == 2);
  CHECK(c.call("GET", v1 + "?search=grace", std::string(), auth).status == 400);  // integration is required

  auto looked_up = c.call("GET", v1 + "/lookup?type=okta&value=00u1", std::string(), auth);
  REQUIRE(looked_up.status == 200);
  CHECK(looked_up.json().at("email") == "grace@example.com");
  CHECK(c.call("GET", v1 + "/lookup?type=okta&value=nope", std::string(), auth).status == 404);
  CHECK(c.call("GET", v1 + "/lookup?type=fax&value=00u1", std::string(), auth).status == 400);

  auto patched = c.call("PATCH", v1 + "/" + user_id,
                        json::value(json::object{{"jobTitle", "Rear Admiral"}, {"roleIds", json::array{"64b7f0c2a1b2c3d4e5f60001"}}}), auth);
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("jobTitle") == "Rear Admiral");
  CHECK(c.control("GET", "state").at("state").at("users").at(0).at("roleIds").at(0) == "64b7f0c2a1b2c3d4e5f60001");
  CHECK(c.call("PATCH", v1 + "/" + user_id, json::value(json::object{{"groupIds", json::array{}}}), auth).status == 400);
  CHECK(c.call("PATCH", v1 + "/" + user_id, json::value(json::object{{"roleIds", json::array{"42"}}}), auth).status == 400);
  CHECK(c.call("PATCH", v1 + "/" + user_id, json::value(json::object{{"email", "not-an-email"}}), auth).status == 400);
  CHECK(c.call("PATCH", v1 + "/" + user_id, json::value(json::object{{"delegateIds", json::array{}}}), auth).status == 200);
  auto v2 = "/api/v2/customers/" + customer + "/users/" + user_id;
  CHECK(c.call("PATCH", v2, json::value(json::object{{"delegateIds", json::array{}}}), auth).status == 400);
  CHECK(c.call("PATCH", v2, json::value(json::object{{"office", "Arlington"}}), auth).status == 200);

  CHECK(c.call("GET", v1 + "/not-an-object-id", std::string(), auth).status == 400);
  CHECK(c.call("GET", "/api/v1/customers/5f0c1e2d3c4b5a6978870000/users?integration=scim", std::string(), auth).status == 403);
  auto deleted = c.call("DELETE", v1 + "/" + user_id, std::string(), auth);
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json().at("office") == "Arlington");
  CHECK(c.call("GET", v1 + "/" + user_id, std::string(), auth).status == 404);
}
