// retail-checklists: non-nullable fields on create and update, level-driven
// org lists, lang enum, filters, no delete.
#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace vendor_sim;
namespace json = boost::json;

namespace {

const std::map<std::string, std::string> auth{{"Authorization", "Bearer retail-checklists-token"}};

json::object retail_user(std::string login) {
  json::object u{{"login", std::move(login)}, {"password", "s3cret!"}, {"authType", "LOCAL"}, {"level", "SHOP"},
                 {"active", true}, {"lang", "en_EN"}, {"businessDirId", 3}, {"shopIds", json::array{10, 11}},
                 {"email", "shop@example.com"}, {"firstName", "Ivan"}, {"timeZoneId", "Europe/Moscow"}};
  for (auto role : {"supervisor", "admin", "surveyAdmin", "taskManager", "userChecklistsOrganizer", "shopDirector",
                    "canEditAllProcesses", "canViewAllProcesses", "canEditAllChlTemplates", "canEditSelectedChlTemplates"}) {
    u[role] = false;
  }
  return u;
}

}  // namespace

TEST_CASE("retail-checklists: create, update by id, deactivate, filters") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  CHECK(c.call("GET", "/api/v1/users").status == 401);
  auto created = c.call("POST", "/api/v1/users", json::value(retail_user("ivan")), auth);
  REQUIRE(created.status == 200);
  auto id = created.json().at("id").as_int64();
  CHECK_FALSE(created.json().as_object().contains("password"));
  auto second = retail_user("olga");
  second["email"] = "olga@example.com";
  second["admin"] = true;
  REQUIRE(c.call("POST", "/api/v1/users", json::value(second), auth).status == 200);

  auto update = retail_user("ivan");
  update["active"] = false;
  auto updated = c.call("PUT", "/api/v1/users/" + std::to_string(id), json::value(update), auth);
  REQUIRE(updated.status == 200);
  CHECK(updated.json().at("active") == false);
  CHECK(c.call("GET", "/api/v1/users/" + std::to_string(id), std::string(), auth).json().at("active") == false);

  CHECK(c.call("GET", "/api/v1/users?active=true", std::string(), auth).json().as_array().size() == 1);
  CHECK(c.call("GET", "/api/v1/users?login=IVAN,nobody", std::string(), auth).json().as_array().size() == 1);
  CHECK(c.call("GET", "/api/v1/users?emails=olga@example.com", std::string(), auth).json().at(0).at("login") == "olga");
  CHECK(c.call("GET", "/api/v1/users?loginLike=lg", std::string(), auth).json().as_array().size() == 1);
  CHECK(c.call("GET", "/api/v1/users?role=admin", std::string(), auth).json().as_array().size() == 1);
  CHECK(c.call("GET", "/api/v1/users?ids=1,2&levels=SHOP", std::string(), auth).json().as_array().size() == 2);
  CHECK(c.call("GET", "/api/v1/users?ids=x", std::string(), auth).status == 400);
  CHECK(c.call("DELETE", "/api/v1/users/" + std::to_string(id), std::string(), auth).status == 405);
  CHECK(c.call("PUT", "/api/v1/users/999", json::value(update), auth).status == 404);
}

TEST_CASE("retail-checklists: non-nullable fields, enums and the level rule") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  auto missing = retail_user("a");
  missing.erase("password");
  missing["admin"] = nullptr;
  auto reply = c.call("POST", "/api/v1/users", json::value(missing), auth);
  REQUIRE(reply.status == 400);
  auto message = std::string(reply.json().at("message").as_string());
  CHECK(message.find("password: must not be null") != std::string::npos);
  CHECK(message.find("admin: must not be null") != std::string::npos);

  auto bad = retail_user("b");
  bad["lang"] = "en_GB";
  bad["level"] = "REGION";
  bad["timeZoneId"] = "MSK";
  auto errors = c.call("POST", "/api/v1/users", json::value(bad), auth).json().at("errors").as_array();
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(std::string(e.at("field").as_string()));
  CHECK(fields == std::set<std::string>{"lang", "regionIds", "timeZoneId"});

  REQUIRE(c.call("POST", "/api/v1/users", json::value(retail_user("c")), auth).status == 200);
  CHECK(c.call("POST", "/api/v1/users", json::value(retail_user("C")), auth).status == 400);
  auto partial = json::object{{"login", "c"}, {"active", false}};
  CHECK(c.call("PUT", "/api/v1/users/1", json::value(partial), auth).status == 400);
}

TEST_CASE("retail-checklists: a member the document's table for the request does not list is refused (issue 14, finding 8)") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  auto create = retail_user("ivan");
  create["externalId"] = "e-1";  // in the create table
  auto created = c.call("POST", "/api/v1/users", json::value(create), auth);
  REQUIRE(created.status == 200);
  const auto path = "/api/v1/users/" + std::to_string(created.json().at("id").as_int64());

  // The update table has no externalId.
  auto update = retail_user("ivan");
  update["externalId"] = "e-2";
  auto refused = c.call("PUT", path, json::value(update), auth);
  CHECK(refused.status == 400);
  CHECK(refused.json().at("errors").at(0).at("field") == "externalId");
  CHECK(c.call("GET", path, std::string(), auth).json().at("externalId") == "e-1");
  CHECK(c.call("PUT", path, json::value(retail_user("ivan")), auth).status == 200);

  // Neither table has a member of another name.
  auto invented = retail_user("olga");
  invented["nickname"] = "O";
  CHECK(c.call("POST", "/api/v1/users", json::value(invented), auth).status == 400);
}
