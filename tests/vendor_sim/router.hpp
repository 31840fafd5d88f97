#pragma once
// Routes by method and path pattern ("/users/{id}/status"). A `{name}`
// segment captures one path segment into sim_request::params. Routes are tried
// in the order they were added, so literal routes go before captures.

#include "sim_types.hpp"

#include <functional>
#include <string>
#include <vector>

namespace vendor_sim {

using handler = std::function<sim_response(sim_request&)>;

struct route {
  std::string method;
  std::vector<std::string> segments;
  handler fn;
  bool needs_auth = true;
};

class router {
 public:
  void add(std::string method, std::string_view pattern, handler fn, bool needs_auth = true);

  // The route for the request, with params filled in; nullptr when none.
  // path_known tells a 405 (path served, other method) from a 404.
  const route* find(sim_request& req, bool& path_known) const;

  const std::vector<route>& routes() const { return routes_; }

 private:
  std::vector<route> routes_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace vendor_sim
