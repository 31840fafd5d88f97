#include "retail_checklists.hpp"

#include "auth.hpp"

#include <algorithm>
#include <array>

namespace vendor_sim {

namespace {

constexpr std::array role_fields = {"supervisor", "admin", "surveyAdmin", "taskManager", "userChecklistsOrganizer",
                                    "shopDirector", "canEditAllProcesses", "canViewAllProcesses",
                                    "canEditAllChlTemplates", "canEditSelectedChlTemplates"};
constexpr std::array nullable_strings = {"ldapLogin", "email", "firstName", "lastName", "position",
                                         "businessDirExternalId", "timeZoneId"};
// The create table of the document; the update table is the same without externalId.
constexpr std::array<std::string_view, 31> create_members = {
    "externalId", "login", "password", "ldapLogin", "email", "firstName", "lastName", "position", "authType",
    "level", "active", "supervisor", "admin", "surveyAdmin", "taskManager", "userChecklistsOrganizer",
    "shopDirector", "canEditAllProcesses", "canViewAllProcesses", "canEditAllChlTemplates",
    "canEditSelectedChlTemplates", "lang", "businessDirId", "divisionIds", "regionIds", "shopIds",
    "divisionExternalIds", "regionExternalIds", "shopExternalIds", "businessDirExternalId", "timeZoneId"};
constexpr std::array int_lists = {"divisionIds", "regionIds", "shopIds"};
constexpr std::array string_lists = {"divisionExternalIds", "regionExternalIds", "shopExternalIds"};

struct field_error {
  std::string field;
  std::string message;
};

// Spring Boot's default error body: the lang values (ru_RU) suggest a Java
// stack, and the document names no error format.
sim_response bad_request(const sim_request& req, const std::vector<field_error>& errors, int status = 400) {
  std::string message;
  json::array list;
  for (const auto& e : errors) {
    message += (message.empty() ? "" : "; ") + e.field + ": " + e.message;
    list.push_back({{"field", e.field}, {"message", e.message}});
  }
  return json_response(status, {{"timestamp", iso_time(sys_clock::now())},
                                {"status", status},
                                {"error", status == 404 ? "Not Found" : "Bad Request"},
                                {"message", message},
                                {"errors", std::move(list)},
                                {"path", req.path}});
}

bool is_int_list(const json::value& v) {
  if (!v.is_array()) return false;
  return std::all_of(v.as_array().begin(), v.as_array().end(), [](const json::value& x) { return x.is_int64(); });
}

bool is_string_list(const json::value& v) {
  if (!v.is_array()) return false;
  return std::all_of(v.as_array().begin(), v.as_array().end(), [](const json::value& x) { return x.is_string(); });
}

class retail_checklists final : public vendor {
 public:
  retail_checklists() { reset(); }

  std::string name() const override { return "retail-checklists"; }

  void reset() override {
    token_ = "retail-checklists-token";
    users_.clear();
    next_id_ = 1;
  }

  void add_routes(router& r) override {
    r.add("GET", "/api/v1/users", [this](sim_request& q) { return list(q); });
    r.add("POST", "/api/v1/users", [this](sim_request& q) { return save(q, nullptr); });
    r.add("GET", "/api/v1/users/{id}", [this](sim_request& q) { return with_user(q, [&](json::object& u) { return json_response(200, render(u)); }); });
    r.add("PUT", "/api/v1/users/{id}", [this](sim_request& q) { return with_user(q, [&](json::object& u) { return save(q, &u); }); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point) override {
    if (bearer_token(req) == token_) return std::nullopt;
    auto res = json_response(401, {{"timestamp", iso_time(sys_clock::now())}, {"status", 401},
                                   {"error", "Unauthorized"}, {"path", req.path}});
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
    return res;
  }

  json::object state() const override {
    json::array users;
    for (const auto& u : users_) users.push_back(u);  // with passwords masked below
    for (auto& u : users) u.as_object()["password"] = "***";
    return {{"users", std::move(users)}};
  }

  json::object config() const override { return {{"bearer_token", "***"}}; }

  std::string configure(std::string_view key, const json::value& value) override {
    if (key == "bearer_token" && value.is_string()) return token_ = value.as_string(), "";
    return "unknown or invalid config key for retail-checklists: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    auto* list = body.if_contains("users");
    if (!list || !list->is_array()) return "seed body must be {\"users\": [...]}";
    for (const auto& u : list->as_array()) {
      if (!u.is_object()) return "each seeded user must be an object";
      auto errors = validate(u.as_object(), nullptr);
      if (!errors.empty()) return errors.front().field + ": " + errors.front().message;
      json::object rec = u.as_object();
      rec["id"] = next_id_++;
      users_.push_back(std::move(rec));
    }
    return {};
  }

 private:
  template <class F>
  sim_response with_user(const sim_request& req, F&& fn) {
    char* end = nullptr;
    const auto& text = req.params.at("id");
    auto id = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0') return bad_request(req, {{"id", "must be an integer"}});
    for (auto& u : users_) {
      if (u.at("id").as_int64() == id) return fn(u);
    }
    return bad_request(req, {{"id", "user " + text + " not found"}}, 404);
  }

  sim_response save(const sim_request& req, json::object* existing) {
    auto body = parse_object(req.body);
    if (!body) return bad_request(req, {{"body", "must be a JSON object"}});
    // The document's two tables: externalId is in the create table only.
    auto extra = undocumented_member(*body, create_members);
    if (!extra && existing && body->contains("externalId")) extra = "externalId";
    if (extra) {
      return bad_request(req, {{*extra, std::string("is not a member of the ") + (existing ? "update" : "create") +
                                            " request"}});
    }
    auto errors = validate(*body, existing);
    if (!errors.empty()) return bad_request(req, errors);
    json::object rec = existing ? *existing : json::object{{"id", next_id_++}};
    for (const auto& [key, value] : *body) rec[key] = value;
    if (existing) {
      *existing = rec;
    } else {
      users_.push_back(rec);
    }
    return json_response(200, render(rec));
  }

  std::vector<field_error> validate(const json::object& body, const json::object* self) const {
    std::vector<field_error> errors;
    auto require = [&](const char* field, bool ok_type, const char* what) {
      if (!present(body, field)) {
        errors.push_back({field, "must not be null"});
      } else if (!ok_type) {
        errors.push_back({field, what});
      }
    };
    auto str = [&](const char* field) { auto* v = present(body, field); return v && v->is_string() && !v->as_string().empty(); };
    auto boolean = [&](const char* field) { auto* v = present(body, field); return v && v->is_bool(); };
    require("login", str("login"), "must be a non-empty string");
    require("password", str("password"), "must be a non-empty string");
    auto auth = string_or(body, "authType");
    require("authType", auth == "LOCAL" || auth == "LDAP", "must be one of LOCAL, LDAP");
    auto level = string_or(body, "level");
    require("level", level == "COMPANY" || level == "DIVISION" || level == "REGION" || level == "SHOP",
            "must be one of COMPANY, DIVISION, REGION, SHOP");
    require("active", boolean("active"), "must be a boolean");
    for (auto role : role_fields) require(role, boolean(role), "must be a boolean");
    auto lang = string_or(body, "lang");
    require("lang", lang == "ru_RU" || lang == "en_EN", "must be one of ru_RU, en_EN");
    auto* dir = present(body, "businessDirId");
    require("businessDirId", dir && dir->is_int64(), "must be an integer");
    for (auto field : nullable_strings) {
      if (present(body, field) && !body.at(field).is_string()) errors.push_back({field, "must be a string"});
    }
    if (present(body, "externalId") && !body.at("externalId").is_string()) errors.push_back({"externalId", "must be a string"});
    for (auto field : int_lists) {
      if (present(body, field) && !is_int_list(body.at(field))) errors.push_back({field, "must be a list of integers"});
    }
    for (auto field : string_lists) {
      if (present(body, field) && !is_string_list(body.at(field))) errors.push_back({field, "must be a list of strings"});
    }
    // The level decides which org-structure list must be given.
    auto needs = level == "DIVISION" ? "divisionIds" : level == "REGION" ? "regionIds" : level == "SHOP" ? "shopIds" : nullptr;
    if (needs && (!present(body, needs) || !body.at(needs).is_array() || body.at(needs).as_array().empty())) {
      errors.push_back({needs, "must not be null when level = " + level});
    }
    if (present(body, "email") && body.at("email").is_string() && !looks_like_email(body.at("email").as_string())) {
      errors.push_back({"email", "must be a well-formed email address"});
    }
    if (present(body, "timeZoneId") && body.at("timeZoneId").is_string() && !is_iana_timezone(body.at("timeZoneId").as_string())) {
      errors.push_back({"timeZoneId", "must be a time zone id like Europe/Moscow"});
    }
    for (const auto& u : users_) {
      if (&u != self && str("login") && to_lower(string_or(u, "login")) == to_lower(string_or(body, "login"))) {
        errors.push_back({"login", "user with login " + string_or(body, "login") + " already exists"});
      }
    }
    return errors;
  }

  sim_response list(const sim_request& req) {
    std::vector<std::function<bool(const json::object&)>> tests;
    std::vector<field_error> errors;
    auto ints = [&](const char* name) {
      std::vector<std::int64_t> out;
      for (const auto& item : split_csv(req.query_value(name).value_or(""))) {
        char* end = nullptr;
        out.push_back(std::strtoll(item.c_str(), &end, 10));
        if (*end != '\0') errors.push_back({name, "must be a list of integers"});
      }
      return out;
    };
    auto has_int = [](const json::object& u, const char* field, std::int64_t id) {
      auto* v = present(u, field);
      if (!v || !v->is_array()) return false;
      return std::any_of(v->as_array().begin(), v->as_array().end(), [&](const json::value& x) { return x == id; });
    };
    if (auto v = req.query_value("active")) {
      bool want = *v == "true";
      if (*v != "true" && *v != "false") errors.push_back({"active", "must be true or false"});
      tests.push_back([want](const json::object& u) { return bool_or(u, "active", false) == want; });
    }
    if (req.query_value("ids")) {
      auto ids = ints("ids");
      tests.push_back([ids](const json::object& u) { return std::find(ids.begin(), ids.end(), u.at("id").as_int64()) != ids.end(); });
    }
    if (req.query_value("businessDirId")) {
      auto ids = ints("businessDirId");
      tests.push_back([ids](const json::object& u) { return std::find(ids.begin(), ids.end(), u.at("businessDirId").as_int64()) != ids.end(); });
    }
    for (auto [param, field] : {std::pair{"divisionId", "divisionIds"}, {"regionId", "regionIds"}, {"directorForShop", "shopIds"}}) {
      if (!req.query_value(param)) continue;
      auto ids = ints(param);
      bool director = std::string_view(param) == "directorForShop";
      auto id = ids.empty() ? -1 : ids.front();
      tests.push_back([=](const json::object& u) { return has_int(u, field, id) && (!director || bool_or(u, "shopDirector", false)); });
    }
    std::vector<std::string> roles = split_csv(req.query_value("roles").value_or(""));
    if (auto role = req.query_value("role")) roles.push_back(*role);
    for (const auto& role : roles) {
      if (std::find(role_fields.begin(), role_fields.end(), role) == role_fields.end()) errors.push_back({"role", "unknown role " + role});
    }
    if (!roles.empty()) {
      tests.push_back([roles](const json::object& u) {
        return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) { return bool_or(u, r, false); });
      });
    }
    for (auto [param, field] : {std::pair{"login", "login"}, {"emails", "email"}, {"levels", "level"}}) {
      if (!req.query_value(param)) continue;
      auto wanted = split_csv(*req.query_value(param));
      tests.push_back([wanted, field](const json::object& u) {
        auto have = to_lower(string_or(u, field));
        return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return to_lower(w) == have; });
      });
    }
    for (auto [param, field] : {std::pair{"loginLike", "login"}, {"emailLike", "email"}, {"firstNameLike", "firstName"},
                                {"lastNameLike", "lastName"}, {"positionLike", "position"}}) {
      if (auto v = req.query_value(param)) {
        tests.push_back([needle = *v, field](const json::object& u) { return contains_ci(string_or(u, field), needle); });
      }
    }
    if (!errors.empty()) return bad_request(req, errors);
    json::array out;
    for (const auto& u : users_) {
      if (std::all_of(tests.begin(), tests.end(), [&](const auto& t) { return t(u); })) out.push_back(render(u));
    }
    return json_response(200, out);
  }

  json::object render(const json::object& rec) const {
    // The password is never returned.
    json::object out = rec;
    out.erase("password");
    for (auto field : nullable_strings) {
      if (!out.contains(field)) out[field] = nullptr;
    }
    for (auto field : int_lists) {
      if (!out.contains(field)) out[field] = nullptr;
    }
    if (!out.contains("externalId")) out["externalId"] = nullptr;
    return out;
  }

  std::string token_;
  std::vector<json::object> users_;
  std::int64_t next_id_ = 1;
};

}  // namespace

std::unique_ptr<vendor> make_retail_checklists() { return std::make_unique<retail_checklists>(); }

}  // namespace vendor_sim
