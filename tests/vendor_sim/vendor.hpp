#pragma once
// What a simulated vendor provides to the shared core. One implementation per
// vendor file pair; the core owns routing, faults, the log and /_sim/.
// All calls come from one thread at a time (the core serialises them).

#include "router.hpp"
#include "json_util.hpp"

#include <memory>
#include <optional>
#include <string>

namespace vendor_sim {

class vendor {
 public:
  virtual ~vendor() = default;

  virtual std::string name() const = 0;
  virtual void add_routes(router& r) = 0;

  // The vendor's own answer to a call without valid credentials, or nullopt.
  virtual std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point now) = 0;
  virtual sim_response not_found(const sim_request&) { return json_response(404, {{"message", "Not Found"}}); }

  // Control API. The strings returned are errors; empty means accepted.
  virtual json::object state() const = 0;
  virtual json::object config() const = 0;
  virtual void reset() = 0;  // records, tokens, jobs and config back to defaults
  virtual std::string seed(const json::object& body) = 0;
  virtual std::string configure(std::string_view key, const json::value& value) = 0;

  // Lets time-driven work (async jobs) catch up before each request.
  virtual void advance(sys_clock::time_point) {}
};

// nullptr for an unknown name.
std::unique_ptr<vendor> make_vendor(std::string_view name);
std::vector<std::string> vendor_names();

}  // namespace vendor_sim
