#pragma once
// The request and response as the simulators see them. No sockets here, so a
// vendor's handlers are pure functions of a request and are testable directly.

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vendor_sim {

namespace json = boost::json;

struct sim_request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // as received, with the query
  std::string path;                               // percent-decoded
  std::multimap<std::string, std::string> query;  // percent-decoded
  std::map<std::string, std::string> headers;     // names in lower case
  std::string body;
  std::map<std::string, std::string> params;      // path captures, set by the router

  std::string header(std::string_view name) const;
  std::optional<std::string> query_value(std::string_view name) const;
};

struct sim_response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Fault injection: answer after a delay, or close the connection unanswered.
  std::chrono::milliseconds delay{0};
  bool drop_connection = false;
};

sim_response json_response(int status, const json::value& body);
sim_response empty_response(int status);

// Builds a request from a raw target, splitting and decoding path and query.
// Returns false when the target is not a valid origin-form URL.
bool parse_target(sim_request& req, std::string_view target);

}  // namespace vendor_sim
