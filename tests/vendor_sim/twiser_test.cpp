// twiser-wokr and twiser-lxp: login-issued expiring tokens, full-object
// writes, and each product's own error format.
#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace vendor_sim;
namespace json = boost::json;

namespace {

std::map<std::string, std::string> login(const test::client& c, const std::string& path) {
  auto reply = c.call("POST", path,
                      json::value(json::object{{"Email", "integration@example.com"}, {"Password", "integration-password"}}));
  REQUIRE(reply.status == 200);
  return {{"Authorization", "Bearer " + std::string(reply.json().at("AccessToken").as_string())}};
}

json::object wokr_user(std::string email) {
  return {{"TenantId", 60},         {"CompanyId", 360},          {"Email", std::move(email)},
          {"LanguageId", "EN"},     {"Department", "Quality"},    {"HireDate", "2025-05-27T06:24:47.194Z"},
          {"FirstName", "John"},    {"LastName", "Doe"},          {"FullName", "John Doe"},
          {"Gender", "M"},          {"Position", "Engineer"},     {"Location", "London"},
          {"Country", "GB"},        {"TimeZone", "UTC+0"},        {"GeneratePassword", true}};
}

constexpr const char* wokr_users = "/identity/api/application-user";
constexpr const char* wokr_list = "/identity/api/application-user/get-user-list?companyId=360";

}  // namespace

TEST_CASE("twiser-wokr: login, create, update by Id, soft delete by ExitDate, list by company") {
  running_sim sim("twiser-wokr");
  test::client c(sim.port());
  CHECK(c.call("GET", wokr_list).status == 401);
  auto auth = login(c, "/identity/api/auth/login");

  auto created = c.call("POST", wokr_users, json::value(wokr_user("john@example.com")), auth);
  REQUIRE(created.status == 200);
  auto id = created.json().at("Id");
  CHECK(created.json().at("HasPassword") == true);
  CHECK(created.json().at("LanguageId") == "en");
  CHECK(created.json().as_object().contains("GetDepartmentOfUser"));

  auto update = wokr_user("john@example.com");
  update.erase("GeneratePassword");
  update["Id"] = id;
  update["Position"] = "Lead";
  auto updated = c.call("POST", wokr_users, json::value(update), auth);
  REQUIRE(updated.status == 200);
  CHECK(updated.json().at("Position") == "Lead");

  auto left = c.call("POST", wokr_users, json::value(json::object{{"Id", id}, {"ExitDate", "2025-06-01T00:00:00Z"}}), auth);
  REQUIRE(left.status == 200);
  CHECK(left.json().at("IsLeft") == true);
  CHECK(left.json().at("IsActive") == false);

  auto list = c.call("GET", wokr_list, std::string(), auth).json().as_array();
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("IsLeft") == true);
  CHECK(list[0].as_object().contains("FullName"));
  CHECK(c.call("GET", "/identity/api/application-user/get-user-list?companyId=1", std::string(), auth).json().as_array().empty());
}

TEST_CASE("twiser-wokr: strict validation") {
  running_sim sim("twiser-wokr");
  test::client c(sim.port());
  auto auth = login(c, "/identity/api/auth/login");
  SECTION("required fields, on update too") {
    auto body = wokr_user("a@example.com");
    body.erase("Department");
    auto reply = c.call("POST", wokr_users, json::value(body), auth);
    REQUIRE(reply.status == 400);
    CHECK(reply.json().at("errors").as_object().contains("Department"));
    auto created = c.call("POST", wokr_users, json::value(wokr_user("a@example.com")), auth).json();
    auto partial = json::object{{"Id", created.at("Id")}, {"Position", "Lead"}};
    CHECK(c.call("POST", wokr_users, json::value(partial), auth).status == 400);
  }
  SECTION("exactly one of GeneratePassword or ExternalAccountList") {
    auto both = wokr_user("b@example.com");
    both["ExternalAccountList"] = json::array{json::object{{"IdentityProvider", "Microsoft"}}};
    CHECK(c.call("POST", wokr_users, json::value(both), auth).status == 400);
    auto neither = wokr_user("b@example.com");
    neither.erase("GeneratePassword");
    CHECK(c.call("POST", wokr_users, json::value(neither), auth).status == 400);
    auto sso = neither;
    sso["ExternalAccountList"] = json::array{json::object{{"IdentityProvider", "Microsoft"}}};
    CHECK(c.call("POST", wokr_users, json::value(sso), auth).status == 200);
  }
  SECTION("enums, uniqueness, managers, proxy admin") {
    REQUIRE(c.call("POST", wokr_users, json::value(wokr_user("c@example.com")), auth).status == 200);
    CHECK(c.call("POST", wokr_users, json::value(wokr_user("C@example.com")), auth).status == 400);
    auto bad = wokr_user("d@example.com");
    bad["Gender"] = "Q";
    bad["TimeZone"] = "Europe/London";
    bad["ParentEmail"] = "nobody@example.com";
    bad["IsProxyAdmin"] = true;
    auto reply = c.call("POST", wokr_users, json::value(bad), auth);
    REQUIRE(reply.status == 400);
    auto errors = reply.json().at("errors").as_object();
    for (auto field : {"Gender", "TimeZone", "ParentEmail", "ExtendedAuthorizationAdminPanelId"}) {
      CHECK(errors.contains(field));
    }
    auto with_parent = wokr_user("e@example.com");
    with_parent["ParentEmail"] = "c@example.com";
    auto child = c.call("POST", wokr_users, json::value(with_parent), auth);
    REQUIRE(child.status == 200);
    CHECK(child.json().at("ParentUser").at("Email") == "c@example.com");
  }
}

TEST_CASE("twiser-wokr: tokens expire after the configured lifetime") {
  running_sim sim("twiser-wokr");
  test::client c(sim.port());
  c.control("POST", "config", json::object{{"token_ttl_seconds", 0.2}});
  auto auth = login(c, "/identity/api/auth/login");
  CHECK(c.call("GET", wokr_list, std::string(), auth).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  auto expired = c.call("GET", wokr_list, std::string(), auth);
  CHECK(expired.status == 401);
  CHECK(expired.header("www-authenticate").find("invalid_token") != std::string::npos);
  CHECK(c.call("GET", wokr_list, std::string(), login(c, "/identity/api/auth/login")).status == 200);
  CHECK(c.call("POST", "/identity/api/auth/login", json::value(json::object{{"Email", "integration@example.com"}, {"Password", "no"}})).status == 401);
}

namespace {

constexpr const char* lxp_login = "/lms/identityv2/Authentication/login";

json::object lxp_user(std::string email) {
  return {{"email", std::move(email)}, {"firstName", "Ada"}, {"lastName", "Lovelace"}, {"companyId", 94},
          {"notification", "Yes"}, {"languageId", "EN"}, {"externalUserId", "ext-1"}, {"department", "Hr"}};
}

}  // namespace

TEST_CASE("twiser-lxp: create, update, paging and hard delete") {
  running_sim sim("twiser-lxp");
  test::client c(sim.port());
  auto auth = login(c, lxp_login);
  std::string first_id;
  for (int i = 0; i < 3; ++i) {
    auto body = lxp_user("u" + std::to_string(i) + "@example.com");
    body["externalUserId"] = "ext-" + std::to_string(i);
    auto reply = c.call("POST", "/lms/backoffice/user/create", json::value(body), auth);
    REQUIRE(reply.status == 200);
    CHECK(reply.json().at("fullName") == "Ada Lovelace");
    CHECK(reply.json().at("departmentName") == "Hr");
    if (i == 0) first_id = reply.json().at("id").as_string();
  }
  auto page = c.call("POST", "/lms/backoffice/user/get-by-company-id?CompanyId=94&PageNumber=2&PageSize=2", std::string(), auth).json();
  CHECK(page.at("totalItemCount") == 3);
  CHECK(page.at("maxPage") == 2);
  CHECK(page.at("currentPage") == 2);
  CHECK(page.at("data").as_array().size() == 1);

  auto update = lxp_user("u0@example.com");
  update.erase("companyId");
  update["id"] = first_id;
  update["externalUserId"] = "ext-0";
  update["isActive"] = false;
  auto updated = c.call("POST", "/lms/backoffice/user/update", json::value(update), auth);
  REQUIRE(updated.status == 200);
  update["isDeleted"] = true;
  REQUIRE(c.call("POST", "/lms/backoffice/user/update", json::value(update), auth).status == 200);
  page = c.call("POST", "/lms/backoffice/user/get-by-company-id?CompanyId=94&PageNumber=1&PageSize=15", std::string(), auth).json();
  CHECK(page.at("totalItemCount") == 2);

  CHECK(c.call("DELETE", "/lms/backoffice/user/delete?id=ext-1", std::string(), auth).status == 204);
  CHECK(c.call("DELETE", "/lms/backoffice/user/delete?id=ext-1", std::string(), auth).status == 404);
}

TEST_CASE("twiser-lxp: problem details with errors[{propertyName, errorMessage, errorCode}]") {
  running_sim sim("twiser-lxp");
  test::client c(sim.port());
  auto auth = login(c, lxp_login);
  auto body = lxp_user("x@example.com");
  body.erase("firstName");
  body["companyId"] = 365;
  body["phoneNumber"] = "12345";
  body["managerId"] = "2ce4d89b-cdda-44c6-938e-c6e19effef9e";
  auto reply = c.call("POST", "/lms/backoffice/user/create", json::value(body), auth);
  REQUIRE(reply.status == 400);
  auto problem = reply.json();
  CHECK(problem.at("title") == "One or more validation errors occurred.");
  std::map<std::string, std::int64_t> codes;
  for (const auto& e : problem.at("errors").as_array()) codes[std::string(e.at("propertyName").as_string())] = e.at("errorCode").as_int64();
  CHECK(codes["FirstName"] == 1001);
  CHECK(codes["CompanyId"] == 1402);
  CHECK(codes["PhoneNumber"] == 1404);
  CHECK(codes["ManagerId"] == 1401);
  REQUIRE(c.call("POST", "/lms/backoffice/user/create", json::value(lxp_user("y@example.com")), auth).status == 200);
  auto dup = c.call("POST", "/lms/backoffice/user/create", json::value(lxp_user("y@example.com")), auth).json();
  CHECK(dup.at("errors").at(0).at("errorCode") == 1403);
  c.control("POST", "config", json::object{{"token_ttl_seconds", 0}});
  CHECK(c.call("POST", "/lms/backoffice/user/get-by-company-id?CompanyId=94", std::string(), login(c, lxp_login)).status == 401);
}

TEST_CASE("twiser-wokr and twiser-lxp: members the document does not list for the request are refused (issue 14, finding 8)") {
  {
    running_sim sim("twiser-wokr");
    test::client c(sim.port());
    auto auth = login(c, "/identity/api/auth/login");
    auto invented = wokr_user("a@example.com");
    invented["Nickname"] = "A";
    auto refused = c.call("POST", wokr_users, json::value(invented), auth);
    CHECK(refused.status == 400);
    CHECK(refused.json().at("errors").as_object().contains("Nickname"));
    auto exit_on_create = wokr_user("a@example.com");
    exit_on_create["ExitDate"] = "2025-05-27T06:24:47Z";  // in the update table only
    CHECK(c.call("POST", wokr_users, json::value(exit_on_create), auth).status == 400);
    auto created = c.call("POST", wokr_users, json::value(wokr_user("a@example.com")), auth);
    REQUIRE(created.status == 200);
    auto update = wokr_user("a@example.com");  // GeneratePassword is in the create body only
    update["Id"] = created.json().at("Id");
    CHECK(c.call("POST", wokr_users, json::value(update), auth).status == 400);
    update.erase("GeneratePassword");
    CHECK(c.call("POST", wokr_users, json::value(update), auth).status == 200);
  }
  running_sim sim("twiser-lxp");
  test::client c(sim.port());
  auto auth = login(c, lxp_login);
  auto created = c.call("POST", "/lms/backoffice/user/create", json::value(lxp_user("b@example.com")), auth);
  REQUIRE(created.status == 200);
  auto update = lxp_user("b@example.com");  // companyId is in Create User only
  update["id"] = created.json().at("id");
  auto refused = c.call("POST", "/lms/backoffice/user/update", json::value(update), auth);
  CHECK(refused.status == 400);
  CHECK(refused.json().at("errors").at(0).at("propertyName") == "CompanyId");
}
