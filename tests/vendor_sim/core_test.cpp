// The shared core: pure helpers, the control API, faults and the request log,
// and the vendor_sim program itself.
#include "http_server.hpp"
#include "odata_filter.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace vendor_sim;
namespace json = boost::json;

namespace {

const std::map<std::string, std::string> retail_auth{{"Authorization", "Bearer retail-checklists-token"}};

}  // namespace

TEST_CASE("core: router matches literals before captures and tells 404 from 405") {
  router r;
  r.add("GET", "/users/lookup", [](sim_request&) { return empty_response(201); });
  r.add("GET", "/users/{id}", [](sim_request& q) { return json_response(200, json::string(q.params.at("id"))); });
  sim_request req;
  req.method = "GET";
  REQUIRE(parse_target(req, "/users/lookup?x=1"));
  bool known = false;
  REQUIRE(r.find(req, known)->fn(req).status == 201);
  REQUIRE(parse_target(req, "/users/abc/"));
  CHECK(r.find(req, known)->fn(req).body == "\"abc\"");
  req.method = "DELETE";
  CHECK(r.find(req, known) == nullptr);
  CHECK(known);
  REQUIRE(parse_target(req, "/other"));
  CHECK(r.find(req, known) == nullptr);
  CHECK_FALSE(known);
}

TEST_CASE("core: value checks used by several vendors") {
  CHECK(is_iana_timezone("Europe/London"));
  CHECK(is_iana_timezone("America/Argentina/Buenos_Aires"));
  CHECK_FALSE(is_iana_timezone("London/Europe"));
  CHECK_FALSE(is_iana_timezone("UTC+3"));
  CHECK(is_iso_alpha3_country("BHR"));
  CHECK(is_iso_alpha3_country("GBR"));
  CHECK_FALSE(is_iso_alpha3_country("GB"));
  CHECK_FALSE(is_iso_alpha3_country("XYZ"));
  CHECK(is_hex_object_id("5f0c1e2d3c4b5a6978877665"));
  CHECK_FALSE(is_hex_object_id("5f0c1e2d3c4b5a697887766z"));
  CHECK(is_iso_datetime("2025-05-27T06:24:47.194Z"));
  CHECK_FALSE(is_iso_datetime("2017-10-06 14:51:38"));
}

TEST_CASE("core: OData filter subset") {
  std::string error;
  auto clauses = parse_odata_filter("userKey eq 'o''brien' and isActive eq true", error);
  REQUIRE(clauses);
  REQUIRE(clauses->size() == 2);
  CHECK((*clauses)[0].literal == json::value("o'brien"));
  CHECK((*clauses)[1].literal == json::value(true));
  CHECK_FALSE(parse_odata_filter("userKey ne 'x'", error));
  CHECK_FALSE(parse_odata_filter("userKey eq 'x' or email eq 'y'", error));
  CHECK_FALSE(parse_odata_filter("userKey eq 'x", error));
}

TEST_CASE("core: control API state, reset, config and request log with secrets masked") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  auto state = c.control("GET", "state");
  CHECK(state.at("vendor") == "retail-checklists");
  c.call("POST", "/api/v1/users", json::value(json::object{{"login", "x"}, {"password", "hunter2"}}), retail_auth);
  auto log = c.control("GET", "requests").at("requests").as_array();
  REQUIRE(log.size() == 1);
  CHECK(log[0].at("headers").at("authorization") == "Bearer ***");
  CHECK(log[0].at("body").at("password") == "***");
  CHECK(log[0].at("status") == 400);
  CHECK(c.call("POST", "/_sim/config", json::value(json::object{{"nonsense", 1}})).status == 400);
  c.control("POST", "config", json::object{{"bearer_token", "other"}});
  CHECK(c.call("GET", "/api/v1/users", std::string(), retail_auth).status == 401);
  c.control("POST", "reset");
  CHECK(c.call("GET", "/api/v1/users", std::string(), retail_auth).status == 200);
  CHECK(c.control("GET", "requests").at("requests").as_array().size() == 1);
}

TEST_CASE("core: injected faults") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  SECTION("429 every n with Retry-After") {
    c.control("POST", "faults", json::object{{"status_429_every_n", 2}, {"retry_after", 7}});
    CHECK(c.call("GET", "/api/v1/users", std::string(), retail_auth).status == 200);
    auto second = c.call("GET", "/api/v1/users", std::string(), retail_auth);
    CHECK(second.status == 429);
    CHECK(second.header("retry-after") == "7");
  }
  SECTION("error rate 1 answers 500 or 503 before any change") {
    c.control("POST", "faults", json::object{{"error_rate", 1.0}});
    for (int i = 0; i < 4; ++i) {
      auto s = c.call("GET", "/api/v1/users", std::string(), retail_auth).status;
      CHECK((s == 500 || s == 503));
    }
  }
  SECTION("dropped connection") {
    c.control("POST", "faults", json::object{{"drop_connection_every_n", 1}});
    CHECK(c.call("GET", "/api/v1/users", std::string(), retail_auth).status == 0);
    CHECK(c.control("GET", "requests").at("requests").at(0).at("fault") == "drop_connection");
  }
  SECTION("malformed JSON") {
    c.control("POST", "faults", json::object{{"malformed_json_every_n", 1}});
    auto reply = c.call("GET", "/api/v1/users", std::string(), retail_auth);
    CHECK(reply.status == 200);
    CHECK_THROWS(reply.json());
  }
  SECTION("latency") {
    c.control("POST", "faults", json::object{{"latency_ms", 150}});
    auto start = std::chrono::steady_clock::now();
    CHECK(c.call("GET", "/api/v1/users", std::string(), retail_auth).status == 200);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
  }
  SECTION("control calls are never faulted, and bad fault configs are refused") {
    c.control("POST", "faults", json::object{{"drop_connection_every_n", 1}});
    CHECK(c.call("GET", "/_sim/state").status == 200);
    CHECK(c.call("POST", "/_sim/faults", json::value(json::object{{"error_rate", 2}})).status == 400);
  }
}

TEST_CASE("core: a simulator sustains many requests on keep-alive-less connections") {
  running_sim sim("retail-checklists");
  test::client c(sim.port());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < 250; ++i) ok += c.call("GET", "/api/v1/users?active=true", std::string(), retail_auth).status == 200;
    });
  }
  for (auto& w : workers) w.join();
  CHECK(ok == 1000);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("core: the vendor_sim program prints its port first and serves") {
  // Spawned directly so that we hold its pid and stop exactly that process.
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::string binary = VENDOR_SIM_BINARY;
  std::vector<std::string> args = {binary, "--vendor", "twiser-wokr", "--port", "0"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  char line[128] = {};
  bool got_line = std::fgets(line, sizeof line, out) != nullptr;
  std::string text(line);
  if (got_line && text.starts_with("listening on 127.0.0.1:")) {
    test::client c(static_cast<unsigned short>(std::stoi(text.substr(23))));
    auto reply = c.call("POST", "/identity/api/auth/login", json::value(json::object{{"Email", "x"}, {"Password", "y"}}));
    CHECK(reply.status == 401);
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  std::fclose(out);
  REQUIRE(got_line);
  CHECK(text.starts_with("listening on 127.0.0.1:"));
}
