#include "router.hpp"

namespace vendor_sim {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    // Empty segments are skipped so that a trailing slash still matches.
    if (!part.empty()) out.emplace_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void router::add(std::string method, std::string_view pattern, handler fn, bool needs_auth) {
  routes_.push_back(route{std::move(method), split_path(pattern), std::move(fn), needs_auth});
}

namespace {

bool is_capture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match(const route& r, const std::vector<std::string>& parts, std::map<std::string, std::string>& params) {
  if (r.segments.size() != parts.size()) return false;
  std::map<std::string, std::string> captured;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = r.segments[i];
    if (is_capture(seg)) {
      captured[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

}  // namespace

const route* router::find(sim_request& req, bool& path_known) const {
  path_known = false;
  auto parts = split_path(req.path);
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match(r, parts, params)) continue;
    path_known = true;
    if (r.method == req.method) {
      req.params = std::move(params);
      return &r;
    }
  }
  return nullptr;
}

}  // namespace vendor_sim
