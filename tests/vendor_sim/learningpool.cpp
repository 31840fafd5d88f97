#include "learningpool.hpp"

#include <array>
#include <deque>

namespace vendor_sim {

namespace {

using field_errors = std::map<std::string, std::vector<std::string>>;

// Synchronous rejections use the Laravel validation shape: the document's
// asynchronous errors ("The given data was invalid : {...}") come from Laravel.
sim_response invalid(const field_errors& errors) {
  json::object by_field;
  for (const auto& [field, messages] : errors) {
    json::array list;
    for (const auto& m : messages) list.push_back(json::string(m));
    by_field[field] = std::move(list);
  }
  return json_response(400, {{"message", "The given data was invalid."}, {"errors", std::move(by_field)}});
}

// A member the document's table for the request does not list.
sim_response not_a_property(const std::string& member) {
  return invalid({{member, {"The " + member + " field is not a property of this request."}}});
}

bool is_language(std::string_view s) {
  // "en_GB default en": a lower-case language, optionally _ and an upper-case region.
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (s.size() != 2 && s.size() != 5) return false;
  if (!lower(s[0]) || !lower(s[1])) return false;
  return s.size() == 2 || (s[2] == '_' && upper(s[3]) && upper(s[4]));
}

bool is_lp_date(std::string_view s) {
  // "date string 2017-10-06 14:51:38"; empty means "not set" in the examples.
  if (s.empty()) return true;
  static constexpr std::string_view shape = "dddd-dd-dd dd:dd:dd";
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 12> user_fields = {"firstName", "lastName", "email", "customFields", "country",
                                    "leaderboardOptOut", "viewProfile", "orgRef", "disableManualLogin",
                                    "language", "timezone", "expiresAt"};

struct job {
  std::string id;
  std::string kind;
  std::map<std::string, std::string> keys;  // user, job assignment, framework, level
  json::object model;
  sys_clock::time_point due;
  int status_code = 1;
  std::string errors;
  bool retried = false;
};

class learningpool final : public vendor {
 public:
  learningpool() { reset(); }

  std::string name() const override { return "learningpool"; }

  void reset() override {
    api_key_ = "lp-test-api-key";
    tenant_id_ = "73c9ac34-bc35-4c17-b60f-8ec0b134a72b";
    delay_ = std::chrono::milliseconds(200);
    retry_ = std::chrono::milliseconds(0);
    users_.clear();
    levels_.clear();
    jobs_.clear();
  }

  void add_routes(router& r) override {
    r.add("GET", "/progress-status/{requestId}", [this](sim_request& q) { return progress(q); });
    r.add("POST", "/users", [this](sim_request& q) { return create_user(q); });
    r.add("PATCH", "/users/{userId}", [this](sim_request& q) { return update_user(q); });
    r.add("POST", "/users/{userId}/job-assignment", [this](sim_request& q) { return job_assignment(q, true); });
    r.add("PATCH", "/users/{userId}/job-assignment/{jobId}", [this](sim_request& q) { return job_assignment(q, false); });
    r.add("PATCH", "/users/{userId}/job-assignment/{jobId}/status", [this](sim_request& q) { return status(q, "job_assignment_status"); });
    r.add("POST", "/organisation-framework/{frameworkId}/organisation-level", [this](sim_request& q) { return level(q, "organisation", true); });
    r.add("PATCH", "/organisation-framework/{frameworkId}/organisation-level/{levelId}", [this](sim_request& q) { return level(q, "organisation", false); });
    r.add("POST", "/position-framework/{frameworkId}/position-level", [this](sim_request& q) { return level(q, "position", true); });
    r.add("PATCH", "/position-framework/{frameworkId}/position-level/{levelId}", [this](sim_request& q) { return level(q, "position", false); });
    // Exactly the document's path: no "/users" prefix.
    r.add("PATCH", "/{userId}/status", [this](sim_request& q) { return status(q, "user_status"); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point) override {
    // Stage 1 is API Gateway's key check, stage 2 the tenant authorizer.
    if (req.header("x-api-key") != api_key_) return json_response(403, {{"message", "Forbidden"}});
    if (req.header("x-tenant-id") != tenant_id_) {
      return json_response(403, {{"Message", "User is not authorized to access this resource with an explicit deny"}});
    }
    return std::nullopt;
  }

  void advance(sys_clock::time_point now) override {
    // Jobs complete in submission order, as a single downstream worker would;
    // a job that is retrying waits for its own time without holding the others.
    now_ = now;
    for (auto& j : jobs_) {
      if (j.status_code != 1 && j.status_code != 4) continue;
      if (j.due > now) {
        if (j.status_code == 1) break;
        continue;
      }
      execute(j);
    }
  }

  json::object state() const override {
    json::object users;
    for (const auto& [id, u] : users_) users[id] = u;
    json::object levels;
    for (const auto& [key, l] : levels_) levels[key] = l;
    json::array jobs;
    for (const auto& j : jobs_) jobs.push_back(render(j));
    return {{"users", std::move(users)}, {"levels", std::move(levels)}, {"jobs", std::move(jobs)}};
  }

  json::object config() const override {
    return {{"api_key", "***"}, {"tenant_id", tenant_id_}, {"async_delay_ms", delay_.count()},
            {"async_retry_ms", retry_.count()}};
  }

  std::string configure(std::string_view key, const json::value& value) override {
    if (key == "api_key" && value.is_string()) return api_key_ = value.as_string(), "";
    if (key == "tenant_id" && value.is_string()) return tenant_id_ = value.as_string(), "";
    if (key == "async_delay_ms" && value.is_int64() && value.as_int64() >= 0) {
      delay_ = std::chrono::milliseconds(value.as_int64());
      return {};
    }
    if (key == "async_retry_ms" && value.is_int64() && value.as_int64() >= 0) {
      retry_ = std::chrono::milliseconds(value.as_int64());
      return {};
    }
    return "unknown or invalid config key for learningpool: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    auto* users = body.if_contains("users");
    if (!users || !users->is_array()) return "seed body must be {\"users\": [...]}";
    for (const auto& u : users->as_array()) {
      if (!u.is_object() || string_or(u.as_object(), "userId").empty()) return "each seeded user needs a userId";
      auto rec = new_user(u.as_object());
      for (const auto& [k, v] : u.as_object()) rec[k] = v;
      users_[string_or(rec, "userId")] = std::move(rec);
    }
    return {};
  }

 private:
  sim_response submitted(const sim_request& req, std::string kind, std::map<std::string, std::string> keys,
                         json::object model, std::string message) {
    job j{random_uuid(), std::move(kind), std::move(keys), std::move(model), sys_clock::now() + delay_, 1, {}};
    auto host = req.header("host");
    json::object out{{"message", std::move(message)},
                     {"requestId", j.id},
                     {"status", "http://" + (host.empty() ? std::string("127.0.0.1") : host) + "/progress-status/" + j.id}};
    jobs_.push_back(std::move(j));
    return json_response(200, out);
  }

  sim_response progress(const sim_request& req) {
    for (const auto& j : jobs_) {
      if (j.id == req.params.at("requestId")) return json_response(200, render(j));
    }
    return json_response(404, {{"message", "Request not found"}});
  }

  sim_response create_user(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return invalid({{"body", {"The body must be a JSON object."}}});
    if (auto extra = undocumented_member(*body, {"userId", "username", "firstName", "lastName", "email", "customFields",
                                                 "country", "leaderboardOptOut", "viewProfile", "orgRef",
                                                 "disableManualLogin", "language", "timezone", "expiresAt"})) {
      return not_a_property(*extra);
    }
    field_errors errors;
    for (auto field : {"userId", "username", "firstName", "lastName", "email"}) {
      if (is_missing_or_blank(*body, field)) errors[field].push_back("The " + std::string(field) + " field is required.");
    }
    check_user_fields(*body, errors);
    if (!errors.empty()) return invalid(errors);
    return submitted(req, "create_user", {{"user", string_or(*body, "userId")}}, *body,
                     "User successfully submitted for processing");
  }

  sim_response update_user(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return invalid({{"body", {"The body must be a JSON object."}}});
    // The Update User table: no userId, no username.
    if (auto extra = undocumented_member(*body, user_fields)) return not_a_property(*extra);
    field_errors errors;
    check_user_fields(*body, errors);
    if (!errors.empty()) return invalid(errors);
    auto model = *body;
    model["userId"] = req.params.at("userId");
    return submitted(req, "update_user", {{"user", req.params.at("userId")}}, std::move(model),
                     "User successfully submitted for processing");
  }

  sim_response status(const sim_request& req, const char* kind) {
    auto body = parse_object(req.body);
    if (body)
      if (auto extra = undocumented_member(*body, {"status"})) return not_a_property(*extra);
    auto value = body ? string_or(*body, "status") : std::string();
    if (value != "DELETED" && value != "ACTIVE") {
      return invalid({{"status", {"The selected status is invalid. Accepted values are DELETED or ACTIVE."}}});
    }
    std::map<std::string, std::string> keys{{"user", req.params.at("userId")}};
    if (req.params.contains("jobId")) keys["job"] = req.params.at("jobId");
    auto res = submitted(req, kind, keys, *body, "User status sucessfully submitted for processing");
    // The document shows an empty body for the job-assignment status call.
    if (std::string_view(kind) == "job_assignment_status") res.body.clear(), res.headers.clear();
    return res;
  }

  sim_response job_assignment(const sim_request& req, bool adding) {
    auto body = parse_object(req.body);
    if (!body) return invalid({{"body", {"The body must be a JSON object."}}});
    // Add has jobAssignmentId; Update takes it from the path.
    const auto extra = adding ? undocumented_member(*body, {"managerId", "jobAssignmentId", "jobAssignmentName",
                                                            "managerJobAssignmentId", "startDate", "endDate",
                                                            "organisationFrameworkId", "organisationLevelId",
                                                            "positionFrameworkId", "positionLevelId",
                                                            "isOrganisationManager"})
                              : undocumented_member(*body, {"managerId", "jobAssignmentName", "managerJobAssignmentId",
                                                            "startDate", "endDate", "organisationFrameworkId",
                                                            "organisationLevelId", "positionFrameworkId",
                                                            "positionLevelId", "isOrganisationManager"});
    if (extra) return not_a_property(*extra);
    field_errors errors;
    if (adding) {
      for (auto field : {"jobAssignmentId", "jobAssignmentName"}) {
        if (is_missing_or_blank(*body, field)) errors[field].push_back("The " + std::string(field) + " field is required.");
      }
    }
    for (auto field : {"startDate", "endDate"}) {
      if (present(*body, field) && !is_lp_date(string_or(*body, field, "?"))) {
        errors[field].push_back("The " + std::string(field) + " does not match the format Y-m-d H:i:s.");
      }
    }
    if (!errors.empty()) return invalid(errors);
    auto job_id = adding ? string_or(*body, "jobAssignmentId") : req.params.at("jobId");
    return submitted(req, adding ? "add_job_assignment" : "update_job_assignment",
                     {{"user", req.params.at("userId")}, {"job", job_id}}, *body,
                     "Job Assignment successfully submitted for processing");
  }

  sim_response level(const sim_request& req, const std::string& tier, bool adding) {
    auto body = parse_object(req.body);
    if (!body) return invalid({{"body", {"The body must be a JSON object."}}});
    if (adding && is_missing_or_blank(*body, "levelId")) return invalid({{"levelId", {"The levelId field is required."}}});
    auto level_id = adding ? string_or(*body, "levelId") : req.params.at("levelId");
    auto label = tier == "organisation" ? std::string("Organisation Level") : std::string("Position Level");
    return submitted(req, (adding ? "add_" : "update_") + tier + "_level",
                     {{"level", tier + "/" + req.params.at("frameworkId") + "/" + level_id}}, *body,
                     label + (adding || tier == "position" ? " successfully" : " sucessfully") +
                         " submitted for processing");
  }

  void check_user_fields(const json::object& body, field_errors& errors) const {
    for (auto field : {"userId", "username", "firstName", "lastName", "email", "orgRef", "country", "timezone",
                       "language", "expiresAt"}) {
      if (present(body, field) && !body.at(field).is_string()) errors[field].push_back("The " + std::string(field) + " must be a string.");
    }
    for (auto field : {"leaderboardOptOut", "viewProfile", "disableManualLogin"}) {
      if (present(body, field) && !body.at(field).is_bool()) errors[field].push_back("The " + std::string(field) + " field must be true or false.");
    }
    if (present(body, "email") && !looks_like_email(string_or(body, "email"))) errors["email"].push_back("The email must be a valid email address.");
    if (present(body, "country") && !is_iso_alpha3_country(string_or(body, "country"))) errors["country"].push_back("The country must be a valid ISO 3166-1 alpha-3 code.");
    if (present(body, "timezone") && !is_iana_timezone(string_or(body, "timezone"))) errors["timezone"].push_back("The timezone must be a valid zone.");
    if (present(body, "language") && !is_language(string_or(body, "language"))) errors["language"].push_back("The language format is invalid (like en_GB).");
    if (present(body, "expiresAt") && !is_lp_date(string_or(body, "expiresAt", "?"))) errors["expiresAt"].push_back("The expiresAt does not match the format Y-m-d H:i:s.");
    if (auto* custom = present(body, "customFields")) {
      bool ok = custom->is_array();
      for (const auto& f : ok ? custom->as_array() : json::array{}) ok = ok && f.is_object() && !string_or(f.as_object(), "id").empty();
      if (!ok) errors["customFields"].push_back("The customFields must be an array of {id, value}.");
    }
  }

  json::object new_user(const json::object& body) const {
    json::object rec{{"userId", string_or(body, "userId")}, {"username", string_or(body, "username")},
                     {"language", "en"}, {"timezone", "Europe/London"}, {"status", "ACTIVE"},
                     {"jobAssignments", json::object{}}};
    for (auto field : user_fields) {
      if (body.contains(field)) rec[field] = body.at(field);
    }
    return rec;
  }

  void fail(job& j, std::string message) {
    if (retry_.count() > 0 && !j.retried) {
      // One retry, in the document's words, before the job gives up; it is
      // evaluated again, so a dependency created meanwhile lets it complete.
      j.retried = true;
      j.status_code = 4;
      j.due = now_ + retry_;
      j.errors = "Reties remaining : 1. Current Error:  " + message;
      return;
    }
    j.status_code = 3;
    j.errors = std::move(message);
  }

  void execute(job& j) {
    // The record changes only here, when the job completes.
    j.status_code = 2;
    auto user_id = j.keys["user"];
    auto user = users_.find(user_id);
    auto no_user = "No query results for model [App\\Models\\User] " + user_id;
    if (j.kind == "create_user") {
      if (user != users_.end()) return fail(j, R"(The given data was invalid : {"sso_id":["The sso id has already been taken."]})");
      for (const auto& [id, u] : users_) {
        if (to_lower(string_or(u, "username")) == to_lower(string_or(j.model, "username"))) {
          return fail(j, R"(The given data was invalid : {"username":["The username has already been taken."]})");
        }
      }
      users_[user_id] = new_user(j.model);
    } else if (j.kind == "update_user") {
      if (user == users_.end()) return fail(j, no_user);
      for (auto field : user_fields) {
        if (j.model.contains(field)) user->second[field] = j.model.at(field);
      }
    } else if (j.kind == "user_status") {
      if (user == users_.end()) return fail(j, no_user);
      user->second["status"] = j.model.at("status");
    } else if (j.kind.find("job_assignment") != std::string::npos) {
      if (user == users_.end()) return fail(j, no_user);
      auto manager = string_or(j.model, "managerId");
      if (!manager.empty() && !users_.contains(manager)) return fail(j, "No query results for model [App\\Models\\User] " + manager);
      auto& assignments = user->second["jobAssignments"].as_object();
      auto& assignment = assignments[j.keys["job"]];
      if (!assignment.is_object()) {
        if (j.kind != "add_job_assignment") return fail(j, "No query results for model [App\\Models\\JobAssignment] " + j.keys["job"]);
        assignment = json::object{{"status", "ACTIVE"}};
      }
      for (const auto& [k, v] : j.model) assignment.as_object()[k] = v;
    } else {
      auto& level = levels_[j.keys["level"]];
      bool adding = j.kind.starts_with("add_");
      if (!adding && level.empty()) return fail(j, "No query results for model [App\\Models\\Level] " + j.keys["level"]);
      for (const auto& [k, v] : j.model) level[k] = v;
    }
  }

  json::object render(const job& j) const {
    static constexpr const char* names[] = {"", "In Progress", "Complete", "In Error", "Retrying"};
    return {{"requestId", j.id},      {"kind", j.kind}, {"statusCode", j.status_code},
            {"status", names[j.status_code]}, {"errors", j.errors}, {"model", j.model}};
  }

  std::string api_key_;
  std::string tenant_id_;
  std::chrono::milliseconds delay_{200};
  std::chrono::milliseconds retry_{0};
  sys_clock::time_point now_{};
  std::map<std::string, json::object> users_;
  std::map<std::string, json::object> levels_;
  std::deque<job> jobs_;
};

}  // namespace

std::unique_ptr<vendor> make_learningpool() { return std::make_unique<learningpool>(); }

}  // namespace vendor_sim
