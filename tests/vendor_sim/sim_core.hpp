#pragma once
// The socket-free heart of a simulator: the control API under /_sim/, fault
// injection, the request log and dispatch to one vendor. Thread-safe (one
// mutex), so the HTTP server may run it from any number of threads.

#include "vendor.hpp"

#include <cstdint>
#include <deque>
#include <mutex>
#include <random>

namespace vendor_sim {

struct fault_config {
  int latency_ms = 0;
  double error_rate = 0;          // share of calls answered 500 or 503
  int status_429_every_n = 0;
  int retry_after_seconds = 1;
  int drop_connection_every_n = 0;
  int malformed_json_every_n = 0;

  json::object to_json() const;
};

class sim_core {
 public:
  explicit sim_core(std::unique_ptr<vendor> v);

  sim_response handle(sim_request req);
  std::string vendor_name() const;

 private:
  sim_response handle_vendor(sim_request& req, sys_clock::time_point now);
  sim_response handle_control(sim_request& req, sys_clock::time_point now);
  std::optional<sim_response> fault_before(std::uint64_t n);
  void corrupt(sim_response& res, std::uint64_t n) const;
  void log(const sim_request& req, const sim_response& res, sys_clock::time_point now, std::string_view fault);

  std::mutex mutex_;
  std::unique_ptr<vendor> vendor_;
  router router_;
  fault_config faults_;
  std::uint64_t vendor_calls_ = 0;
  std::uint64_t log_seq_ = 0;
  std::deque<json::object> log_;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace vendor_sim
