#include "sim_core.hpp"

#include "auth.hpp"

namespace vendor_sim {

namespace {

constexpr std::size_t max_logged_requests = 10000;

sim_response control_error(int status, std::string message) {
  return json_response(status, {{"error", std::move(message)}});
}

bool read_int(const json::object& body, std::string_view key, int& out, std::string& error) {
  auto* v = present(body, key);
  if (!v) return true;
  if (!v->is_int64() || v->as_int64() < 0) {
    error = std::string(key) + " must be a non-negative integer";
    return false;
  }
  out = static_cast<int>(v->as_int64());
  return true;
}

}  // namespace

json::object fault_config::to_json() const {
  return {{"latency_ms", latency_ms},
          {"error_rate", error_rate},
          {"status_429_every_n", status_429_every_n},
          {"retry_after", retry_after_seconds},
          {"drop_connection_every_n", drop_connection_every_n},
          {"malformed_json_every_n", malformed_json_every_n}};
}

sim_core::sim_core(std::unique_ptr<vendor> v) : vendor_(std::move(v)) { vendor_->add_routes(router_); }

std::string sim_core::vendor_name() const { return vendor_->name(); }

sim_response sim_core::handle(sim_request req) {
  std::lock_guard lock(mutex_);
  auto now = sys_clock::now();
  vendor_->advance(now);
  try {
    if (req.path == "/_sim" || req.path.starts_with("/_sim/")) return handle_control(req, now);
    return handle_vendor(req, now);
  } catch (const std::exception& e) {
    // A simulator bug must show up as an answer, not as a silently closed connection.
    return json_response(500, {{"error", "vendor_sim internal error"}, {"detail", e.what()}});
  }
}

sim_response sim_core::handle_vendor(sim_request& req, sys_clock::time_point now) {
  auto n = ++vendor_calls_;
  auto delay = std::chrono::milliseconds(faults_.latency_ms);
  if (auto fault = fault_before(n)) {
    fault->delay = delay;
    log(req, *fault, now, fault->drop_connection ? "drop_connection" : "injected_status");
    return *fault;
  }
  bool path_known = false;
  sim_response res;
  if (auto* r = router_.find(req, path_known)) {
    auto denied = r->needs_auth ? vendor_->check_auth(req, now) : std::nullopt;
    res = denied ? *denied : r->fn(req);
  } else if (path_known) {
    res = json_response(405, {{"message", "Method Not Allowed"}});
  } else {
    res = vendor_->not_found(req);
  }
  bool malformed = faults_.malformed_json_every_n > 0 && n % faults_.malformed_json_every_n == 0;
  if (malformed) corrupt(res, n);
  res.delay = delay;
  log(req, res, now, malformed ? "malformed_json" : "");
  return res;
}

std::optional<sim_response> sim_core::fault_before(std::uint64_t n) {
  if (faults_.drop_connection_every_n > 0 && n % faults_.drop_connection_every_n == 0) {
    sim_response res;
    res.drop_connection = true;
    return res;
  }
  if (faults_.status_429_every_n > 0 && n % faults_.status_429_every_n == 0) {
    auto res = json_response(429, {{"message", "Too Many Requests"}});
    res.headers.emplace_back("Retry-After", std::to_string(faults_.retry_after_seconds));
    return res;
  }
  if (faults_.error_rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < faults_.error_rate) {
    // Both statuses a gateway in front of a real vendor answers when it is overloaded.
    int status = (n % 2 == 0) ? 503 : 500;
    return json_response(status, {{"message", status == 503 ? "Service Unavailable" : "Internal Server Error"}});
  }
  return std::nullopt;
}

void sim_core::corrupt(sim_response& res, std::uint64_t) const {
  // A body cut in half is what a client sees from a proxy that gave up mid-stream.
  res.body = res.body.size() > 2 ? res.body.substr(0, res.body.size() / 2) : std::string("{\"trunc");
  bool has_type = false;
  for (auto& [name, value] : res.headers) has_type = has_type || to_lower(name) == "content-type";
  if (!has_type) res.headers.emplace_back("Content-Type", "application/json");
}

void sim_core::log(const sim_request& req, const sim_response& res, sys_clock::time_point now,
                   std::string_view fault) {
  json::object headers;
  for (const auto& [name, value] : req.headers) headers[name] = mask_header(name, value);
  json::value body = nullptr;
  if (!req.body.empty()) {
    if (auto parsed = parse_value(req.body)) {
      body = std::move(*parsed);
      mask_body_secrets(body);
    } else {
      body = req.body;
    }
  }
  json::object query;
  for (const auto& [k, v] : req.query) query[k] = v;
  log_.push_back({{"seq", ++log_seq_},
                  {"time", iso_time(now)},
                  {"method", req.method},
                  {"target", req.target},
                  {"path", req.path},
                  {"query", std::move(query)},
                  {"headers", std::move(headers)},
                  {"body", std::move(body)},
                  {"status", res.drop_connection ? 0 : res.status},
                  {"fault", fault}});
  if (log_.size() > max_logged_requests) log_.pop_front();
}

sim_response sim_core::handle_control(sim_request& req, sys_clock::time_point) {
  const auto& p = req.path;
  const auto& m = req.method;
  if (m == "GET" && p == "/_sim/state") {
    return json_response(200, {{"vendor", vendor_->name()},
                               {"state", vendor_->state()},
                               {"config", vendor_->config()},
                               {"faults", faults_.to_json()},
                               {"vendor_calls", vendor_calls_}});
  }
  if (m == "POST" && p == "/_sim/reset") {
    vendor_->reset();
    faults_ = {};
    vendor_calls_ = 0;
    log_.clear();
    return json_response(200, {{"reset", true}});
  }
  if (m == "GET" && p == "/_sim/requests") {
    std::uint64_t since = 0;
    if (auto s = req.query_value("since")) since = std::strtoull(s->c_str(), nullptr, 10);
    json::array out;
    for (const auto& entry : log_) {
      if (entry.at("seq").to_number<std::uint64_t>() > since) out.push_back(entry);
    }
    return json_response(200, {{"requests", std::move(out)}});
  }
  if (m == "DELETE" && p == "/_sim/requests") {
    log_.clear();
    return empty_response(204);
  }
  if (m == "GET" && p == "/_sim/faults") return json_response(200, faults_.to_json());
  if (m == "GET" && p == "/_sim/config") return json_response(200, vendor_->config());
  if (m != "POST" || (p != "/_sim/seed" && p != "/_sim/faults" && p != "/_sim/config")) {
    return control_error(404, "unknown control endpoint " + m + " " + p);
  }
  auto body = parse_object(req.body);
  if (!body) return control_error(400, "body must be a JSON object");
  if (p == "/_sim/seed") {
    auto error = vendor_->seed(*body);
    if (!error.empty()) return control_error(400, error);
    return json_response(200, {{"state", vendor_->state()}});
  }
  if (p == "/_sim/faults") {
    // The whole fault set is replaced, so an empty body turns every fault off.
    fault_config next;
    std::string error;
    for (const auto& [key, value] : *body) {
      if (key == "error_rate") {
        if (!value.is_number() || value.to_number<double>() < 0 || value.to_number<double>() > 1) {
          return control_error(400, "error_rate must be a number in 0..1");
        }
        next.error_rate = value.to_number<double>();
      } else if (key != "latency_ms" && key != "status_429_every_n" && key != "retry_after" &&
                 key != "drop_connection_every_n" && key != "malformed_json_every_n") {
        return control_error(400, "unknown fault key: " + std::string(key));
      }
    }
    if (!read_int(*body, "latency_ms", next.latency_ms, error) ||
        !read_int(*body, "status_429_every_n", next.status_429_every_n, error) ||
        !read_int(*body, "retry_after", next.retry_after_seconds, error) ||
        !read_int(*body, "drop_connection_every_n", next.drop_connection_every_n, error) ||
        !read_int(*body, "malformed_json_every_n", next.malformed_json_every_n, error)) {
      return control_error(400, error);
    }
    faults_ = next;
    vendor_calls_ = 0;  // "every n" counts from the moment the faults were set
    return json_response(200, faults_.to_json());
  }
  for (const auto& [key, value] : *body) {
    auto error = vendor_->configure(key, value);
    if (!error.empty()) return control_error(400, error);
  }
  return json_response(200, vendor_->config());
}

}  // namespace vendor_sim
