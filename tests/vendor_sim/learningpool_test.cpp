// learningpool: api key + tenant headers, asynchronous writes with progress
// status, and validation of country, timezone and language.
#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace vendor_sim;
namespace json = boost::json;

namespace {

const std::map<std::string, std::string> auth{{"x-api-key", "lp-test-api-key"},
                                              {"x-tenant-id", "73c9ac34-bc35-4c17-b60f-8ec0b134a72b"}};

json::object lp_user(std::string id, std::string username) {
  return {{"userId", std::move(id)}, {"username", std::move(username)}, {"firstName", "john"}, {"lastName", "doe"},
          {"email", "john.doe@mydomain.com"}, {"country", "BHR"}, {"timezone", "Europe/London"}, {"language", "en_GB"}};
}

std::string request_id(const test::http_reply& reply) {
  REQUIRE(reply.status == 200);
  auto body = reply.json();
  CHECK(body.at("status").as_string().ends_with("/progress-status/" + std::string(body.at("requestId").as_string())));
  return std::string(body.at("requestId").as_string());
}

json::value progress(const test::client& c, const std::string& id) {
  return c.call("GET", "/progress-status/" + id, std::string(), auth).json();
}

}  // namespace

TEST_CASE("learningpool: writes are applied only when the job completes") {
  running_sim sim("learningpool");
  test::client c(sim.port());
  c.control("POST", "config", json::object{{"async_delay_ms", 100}});
  auto id = request_id(c.call("POST", "/users", json::value(lp_user("EMP1", "john.doe")), auth));
  auto pending = progress(c, id);
  CHECK(pending.at("statusCode") == 1);
  CHECK(pending.at("status") == "In Progress");
  CHECK(pending.at("model").at("userId") == "EMP1");
  CHECK(c.control("GET", "state").at("state").at("users").as_object().empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  CHECK(progress(c, id).at("status") == "Complete");
  CHECK(c.control("GET", "state").at("state").at("users").at("EMP1").at("username") == "john.doe");

  c.control("POST", "config", json::object{{"async_delay_ms", 0}});
  auto patch = request_id(c.call("PATCH", "/users/EMP1", json::value(json::object{{"lastName", "smith"}}), auth));
  CHECK(progress(c, patch).at("statusCode") == 2);
  auto status = c.call("PATCH", "/EMP1/status", json::value(json::object{{"status", "DELETED"}}), auth);
  CHECK(status.json().at("message") == "User status sucessfully submitted for processing");
  auto user = c.control("GET", "state").at("state").at("users").at("EMP1");
  CHECK(user.at("lastName") == "smith");
  CHECK(user.at("status") == "DELETED");
  CHECK(c.call("GET", "/progress-status/unknown", std::string(), auth).status == 404);
}

TEST_CASE("learningpool: duplicate username and unknown users end In Error") {
  running_sim sim("learningpool");
  test::client c(sim.port());
  c.control("POST", "config", json::object{{"async_delay_ms", 0}});
  request_id(c.call("POST", "/users", json::value(lp_user("EMP1", "taken")), auth));
  auto dup = request_id(c.call("POST", "/users", json::value(lp_user("EMP2", "taken")), auth));
  auto failed = progress(c, dup);
  CHECK(failed.at("statusCode") == 3);
  CHECK(failed.at("status") == "In Error");
  CHECK(failed.at("errors").as_string().find("The username has already been taken") != json::string::npos);
  auto ghost = request_id(c.call("PATCH", "/users/GHOST", json::value(json::object{{"firstName", "x"}}), auth));
  CHECK(progress(c, ghost).at("statusCode") == 3);
  auto job = request_id(c.call("POST", "/users/EMP1/job-assignment",
                               json::value(json::object{{"jobAssignmentId", "J1"}, {"jobAssignmentName", "cook"}}), auth));
  CHECK(progress(c, job).at("statusCode") == 2);
  CHECK(c.control("GET", "state").at("state").at("users").at("EMP1").at("jobAssignments").at("J1").at("jobAssignmentName") == "cook");
}

TEST_CASE("learningpool: headers and synchronous validation") {
  running_sim sim("learningpool");
  test::client c(sim.port());
  CHECK(c.call("POST", "/users", json::value(lp_user("E", "u"))).status == 403);
  CHECK(c.call("POST", "/users", json::value(lp_user("E", "u")), {{"x-api-key", "lp-test-api-key"}, {"x-tenant-id", "other"}}).status == 403);
  auto bad = lp_user("E", "u");
  bad.erase("email");
  bad["country"] = "BH";
  bad["timezone"] = "London/Europe";
  bad["language"] = "english";
  auto reply = c.call("POST", "/users", json::value(bad), auth);
  REQUIRE(reply.status == 400);
  auto errors = reply.json().at("errors").as_object();
  for (auto field : {"email", "country", "timezone", "language"}) CHECK(errors.contains(field));
  CHECK(c.call("PATCH", "/E/status", json::value(json::object{{"status", "GONE"}}), auth).status == 400);
  CHECK(c.control("GET", "state").at("state").at("jobs").as_array().empty());
}

TEST_CASE("learningpool: Retrying before In Error, and a retry that succeeds") {
  running_sim sim("learningpool");
  test::client c(sim.port());
  c.control("POST", "config", json::object{{"async_delay_ms", 0}, {"async_retry_ms", 100}});
  auto ghost = request_id(c.call("PATCH", "/users/GHOST", json::value(json::object{{"firstName", "x"}}), auth));
  auto retrying = progress(c, ghost);
  CHECK(retrying.at("statusCode") == 4);
  CHECK(retrying.at("status") == "Retrying");
  auto late = request_id(c.call("PATCH", "/users/LATE", json::value(json::object{{"firstName", "y"}}), auth));
  CHECK(progress(c, late).at("statusCode") == 4);
  c.control("POST", "seed", json::object{{"users", json::array{json::object{{"userId", "LATE"}, {"username", "late"}}}}});
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  CHECK(progress(c, ghost).at("statusCode") == 3);
  CHECK(progress(c, late).at("statusCode") == 2);
}

TEST_CASE("learningpool: members the document's tables do not list are refused (issue 14, finding 8)") {
  running_sim sim("learningpool");
  test::client c(sim.port());
  // The user body has no job-assignment members; those go to their own call.
  for (const char* extra : {"jobAssignmentName", "managerId"}) {
    auto body = lp_user("EMP7", "seven");
    body[extra] = "x";
    auto refused = c.call("POST", "/users", json::value(body), auth);
    CHECK(refused.status == 400);
    CHECK(refused.json().at("errors").as_object().contains(extra));
  }
  request_id(c.call("POST", "/users", json::value(lp_user("EMP7", "seven")), auth));
  // Update User's table has no username (nor userId).
  CHECK(c.call("PATCH", "/users/EMP7", json::value(json::object{{"username", "eight"}}), auth).status == 400);
  request_id(c.call("PATCH", "/users/EMP7", json::value(json::object{{"firstName", "Sven"}}), auth));
  CHECK(c.call("PATCH", "/EMP7/status", json::value(json::object{{"status", "DELETED"}, {"reason", "left"}}), auth)
            .status == 400);
}
