#include "sim_types.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace vendor_sim {

std::string sim_request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> sim_request::query_value(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

sim_response json_response(int status, const json::value& body) {
  sim_response res;
  res.status = status;
  res.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  res.body = json::serialize(body);
  return res;
}

sim_response empty_response(int status) {
  sim_response res;
  res.status = status;
  return res;
}

bool parse_target(sim_request& req, std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  req.target = std::string(target);
  req.path = parsed->path();
  req.query.clear();
  for (auto param : parsed->params()) {
    req.query.emplace(param.key, param.has_value ? param.value : std::string());
  }
  return true;
}

}  // namespace vendor_sim
