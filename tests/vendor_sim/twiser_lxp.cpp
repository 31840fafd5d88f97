#include "twiser_lxp.hpp"

#include "auth.hpp"

#include <array>

namespace vendor_sim {

namespace {

struct lxp_error {
  std::string property;
  std::string message;
  int code;
};

// The document's "Error message examples": RFC 9110 problem details whose
// errors[] carry propertyName, errorMessage and errorCode.
sim_response problem(int status, const std::vector<lxp_error>& errors) {
  json::array list;
  for (const auto& e : errors) {
    list.push_back({{"propertyName", e.property}, {"errorMessage", e.message}, {"errorCode", e.code}});
  }
  return json_response(status, {{"type", status == 404 ? "https://tools.ietf.org/html/rfc9110#section-15.5.5"
                                                       : "https://tools.ietf.org/html/rfc9110#section-15.5.1"},
                                {"title", status == 404 ? "Not Found" : "One or more validation errors occurred."},
                                {"status", status},
                                {"errors", std::move(list)}});
}

std::string pascal(std::string_view field) {
  std::string out(field);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool valid_phone(std::string_view p) {
  // "an 11-digit phone number starting with 05"
  if (p.size() != 11 || !p.starts_with("05")) return false;
  for (char c : p) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// companyId is an integer in the example body and a String in the table: take both.
std::optional<std::int64_t> as_company_id(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_string() && !v->as_string().empty()) {
    char* end = nullptr;
    std::string s(v->as_string());
    auto n = std::strtoll(s.c_str(), &end, 10);
    if (*end == '\0') return n;
  }
  return std::nullopt;
}

constexpr std::array copied_fields = {"email", "externalUserId", "firstName", "lastName", "gender",
                                      "location", "country", "phoneNumber", "notification", "isActive"};

class twiser_lxp final : public vendor {
 public:
  twiser_lxp() { reset(); }

  std::string name() const override { return "twiser-lxp"; }

  void reset() override {
    login_ = {};
    tokens_.clear();
    users_.clear();
    names_.clear();
    tenant_id_ = 56;
    company_id_ = 94;
  }

  void add_routes(router& r) override {
    r.add("POST", "/lms/identityv2/Authentication/login", [this](sim_request& q) { return login(q); }, false);
    r.add("POST", "/lms/backoffice/user/get-by-company-id", [this](sim_request& q) { return list(q); });
    r.add("POST", "/lms/backoffice/user/create", [this](sim_request& q) { return create(q); });
    r.add("POST", "/lms/backoffice/user/update", [this](sim_request& q) { return update(q); });
    r.add("DELETE", "/lms/backoffice/user/delete", [this](sim_request& q) { return remove(q); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point now) override {
    if (tokens_.valid(bearer_token(req), now)) return std::nullopt;
    auto res = empty_response(401);
    res.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return res;
  }

  json::object state() const override {
    json::array users;
    for (const auto& u : users_) users.push_back(u);
    return {{"users", std::move(users)}, {"issued_tokens", tokens_.size()}};
  }

  json::object config() const override {
    auto out = login_.to_json();
    out["tenant_id"] = tenant_id_;
    out["company_id"] = company_id_;
    return out;
  }

  std::string configure(std::string_view key, const json::value& value) override {
    std::string error;
    if (login_.apply(key, value, error)) return error;
    if (key == "tenant_id" && value.is_int64()) return tenant_id_ = value.as_int64(), "";
    if (key == "company_id" && value.is_int64()) return company_id_ = value.as_int64(), "";
    return "unknown or invalid config key for twiser-lxp: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    auto* users = body.if_contains("users");
    if (!users || !users->is_array()) return "seed body must be {\"users\": [...]}";
    for (const auto& u : users->as_array()) {
      if (!u.is_object()) return "each seeded user must be an object";
      auto rec = new_record();
      apply(rec, u.as_object());
      for (const auto& [k, v] : u.as_object()) rec[k] = v;
      users_.push_back(std::move(rec));
    }
    return {};
  }

 private:
  sim_response login(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body || string_or(*body, "Email") != login_.email || string_or(*body, "Password") != login_.password) {
      return json_response(401, {{"Message", "Email or password is incorrect."}});
    }
    auto token = tokens_.issue(login_.token_ttl_seconds, sys_clock::now());
    return json_response(200, {{"SessionId", random_uuid()},
                               {"UserId", "7007c9f4-8865-4766-afc8-e7e3fc0a7901"},
                               {"CompanyId", company_id_},
                               {"IsFirstLogin", false},
                               {"LoginProvider", "TWiser"},
                               {"AccessTokenExpiryTime", iso_time(token.expires_at)},
                               {"AccessToken", token.access_token},
                               {"RefreshTokenExpiryTime", iso_time(token.refresh_expires_at)},
                               {"RefreshToken", token.refresh_token},
                               {"Message", "Success"}});
  }

  sim_response list(const sim_request& req) {
    auto number = [&](const char* name, std::int64_t fallback) -> std::optional<std::int64_t> {
      auto v = req.query_value(name);
      if (!v) return fallback;
      json::value s = json::string(*v);
      auto n = as_company_id(&s);
      if (!n || *n < 1) return std::nullopt;
      return n;
    };
    auto company = number("CompanyId", 0);
    if (!req.query_value("CompanyId") || !company) {
      return problem(400, {{"CompanyId", "The following required fields are missing: CompanyId", 1001}});
    }
    if (*company != company_id_) {
      return problem(400, {{"CompanyId", "Company not found with companyId: " + std::to_string(*company), 1402}});
    }
    auto page = number("PageNumber", 1);
    auto size = number("PageSize", 15);
    if (!page || !size) return problem(400, {{"PageNumber", "PageNumber and PageSize must be positive integers", 1400}});
    std::vector<const json::object*> live;
    for (const auto& u : users_) {
      if (!bool_or(u, "isDeleted", false)) live.push_back(&u);
    }
    json::array data;
    auto first = static_cast<std::size_t>((*page - 1) * *size);
    for (auto i = first; i < live.size() && i < first + static_cast<std::size_t>(*size); ++i) {
      data.push_back(list_item(*live[i]));
    }
    auto total = static_cast<std::int64_t>(live.size());
    return json_response(200, {{"data", std::move(data)},
                               {"totalItemCount", total},
                               {"maxPage", (total + *size - 1) / *size},
                               {"currentPage", *page}});
  }

  sim_response create(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return problem(400, {{"Body", "The request body is not a JSON object", 1400}});
    if (auto extra = undocumented_member(*body, {"email", "externalUserId", "managerEmail", "managerId", "languageId",
                                                 "department", "firstName", "lastName", "gender", "position",
                                                 "companyId", "location", "country", "password", "welcomeMail",
                                                 "userRole", "notification", "phoneNumber", "isActive"})) {
      return problem(400, {{pascal(*extra), "'" + *extra + "' is not a member of Create User", 1400}});
    }
    auto errors = validate(*body, nullptr, true);
    if (!errors.empty()) return problem(400, errors);
    auto rec = new_record();
    rec["hasPassword"] = !is_missing_or_blank(*body, "password");
    apply(rec, *body);
    users_.push_back(std::move(rec));
    return json_response(200, render(users_.back(), true));
  }

  sim_response update(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return problem(400, {{"Body", "The request body is not a JSON object", 1400}});
    if (auto extra = undocumented_member(*body, {"id", "email", "externalUserId", "firstName", "lastName",
                                                 "managerEmail", "managerId", "languageId", "gender", "isActive",
                                                 "isDeleted", "department", "position", "location", "country",
                                                 "userRole", "notification", "password", "phoneNumber"})) {
      return problem(400, {{pascal(*extra), "'" + *extra + "' is not a member of Update User", 1400}});
    }
    // externalUserId "can be used to send and retrieve data via Update User".
    json::object* rec = present(*body, "id") ? find(string_or(*body, "id"))
                                              : find_external(string_or(*body, "externalUserId"));
    if (!rec) return problem(404, {{"Id", "User not found", 1400}});
    auto errors = validate(*body, rec, false);
    if (!errors.empty()) return problem(400, errors);
    apply(*rec, *body);
    if (present(*body, "isDeleted")) {
      (*rec)["isDeleted"] = bool_or(*body, "isDeleted", false);
      if (bool_or(*body, "isDeleted", false)) (*rec)["isActive"] = false;
    }
    if (!is_missing_or_blank(*body, "password")) (*rec)["hasPassword"] = true;
    (*rec)["changedAt"] = iso_time(sys_clock::now());
    return json_response(200, render(*rec, true));
  }

  sim_response remove(const sim_request& req) {
    auto id = req.query_value("id").value_or("");
    for (auto it = users_.begin(); it != users_.end(); ++it) {
      if (to_lower(string_or(*it, "id")) == to_lower(id) || (!id.empty() && string_or(*it, "externalUserId") == id)) {
        users_.erase(it);
        return empty_response(204);
      }
    }
    return problem(404, {{"Id", "User not found", 1400}});
  }

  std::vector<lxp_error> validate(const json::object& body, const json::object* self, bool creating) const {
    std::vector<lxp_error> errors;
    std::vector<const char*> required = {"firstName", "lastName", "email", "notification"};
    if (creating) required.insert(required.begin() + 3, "companyId");
    for (auto field : required) {
      if (is_missing_or_blank(body, field)) {
        errors.push_back({pascal(field), "The following required fields are missing: " + pascal(field), 1001});
      }
    }
    if (creating && present(body, "companyId")) {
      auto company = as_company_id(present(body, "companyId"));
      if (!company || *company != company_id_) {
        errors.push_back({"CompanyId", "Company not found with companyId: " +
                          (company ? std::to_string(*company) : json::serialize(body.at("companyId"))), 1402});
      }
    }
    if (present(body, "managerId") && !find_const(string_or(body, "managerId"))) {
      errors.push_back({"ManagerId", "Manager not found.", 1401});
    }
    if (present(body, "managerEmail") && !find_email(string_or(body, "managerEmail"))) {
      errors.push_back({"ManagerEmail", "Manager not found.", 1401});
    }
    for (auto [field, limit] : {std::pair{"firstName", 150}, {"lastName", 150}, {"email", 150},
                                {"department", 255}, {"position", 255}}) {
      if (string_or(body, field).size() > static_cast<std::size_t>(limit)) {
        errors.push_back({pascal(field), "The following fields exceed their maximum allowed character limits: " +
                                             std::string(field) + " (" + std::to_string(limit) + ").", 1405});
      }
    }
    auto* other = find_email(string_or(body, "email"));
    if (other && other != self) {
      errors.push_back({"Email", "There is already another user registered with the same email", 1403});
    }
    auto ext = string_or(body, "externalUserId");
    auto* same_ext = ext.empty() ? nullptr : find_external_const(ext);
    if (same_ext && same_ext != self) {
      errors.push_back({"ExternalUserId", "There is already another user registered with the same externalUserId", 1403});
    }
    if (!is_missing_or_blank(body, "phoneNumber") && !valid_phone(string_or(body, "phoneNumber"))) {
      errors.push_back({"PhoneNumber", "Please enter a valid phone number", 1404});
    }
    auto enum_check = [&](const char* field, std::initializer_list<const char*> allowed) {
      if (is_missing_or_blank(body, field)) return;
      auto v = to_lower(string_or(body, field, "?"));
      for (auto a : allowed) {
        if (v == to_lower(a)) return;
      }
      errors.push_back({pascal(field), "Invalid value for " + pascal(field), 1400});
    };
    enum_check("notification", {"Yes", "No"});
    enum_check("languageId", {"TR", "EN"});
    enum_check("gender", {"M", "F"});
    enum_check("userRole", {"Admin", "User"});
    return errors;
  }

  json::object new_record() const {
    auto now = iso_time(sys_clock::now());
    return {{"id", random_uuid()}, {"tenantId", tenant_id_}, {"companyId", company_id_}, {"languageId", "tr"},
            {"timeZone", "UTC+3"}, {"externalUserId", nullptr}, {"phoneNumber", nullptr}, {"userRole", "Standard"},
            {"isActive", true}, {"isDeleted", false}, {"hasPassword", false}, {"isFirstLogin", true},
            {"createdBy", "3f5fd09f-0bf2-4ff4-89e4-72b1cbed18ce"}, {"createdAt", now}, {"changedAt", nullptr},
            {"managerId", nullptr}, {"departmentId", nullptr}, {"departmentName", nullptr},
            {"positionId", nullptr}, {"positionName", nullptr}, {"gender", nullptr}, {"location", nullptr},
            {"country", nullptr}};
  }

  void apply(json::object& rec, const json::object& body) {
    for (auto field : copied_fields) {
      if (body.contains(field)) rec[field] = body.at(field);
    }
    if (present(body, "languageId")) rec["languageId"] = to_lower(string_or(body, "languageId"));
    rec["fullName"] = string_or(rec, "firstName") + " " + string_or(rec, "lastName");
    rec["userName"] = rec["email"];
    if (body.contains("userRole")) rec["userRole"] = string_or(body, "userRole") == "Admin" ? "Admin" : "Standard";
    if (body.contains("managerId") || body.contains("managerEmail")) {
      const json::object* mgr = present(body, "managerId") ? find_const(string_or(body, "managerId"))
                                                            : find_email(string_or(body, "managerEmail"));
      rec["managerId"] = mgr ? mgr->at("id") : json::value(nullptr);
    }
    for (auto [field, id_key, name_key] : {std::tuple{"department", "departmentId", "departmentName"},
                                           {"position", "positionId", "positionName"}}) {
      if (!body.contains(field)) continue;
      auto text = string_or(body, field);
      rec[name_key] = text.empty() ? json::value(nullptr) : json::value(text);
      rec[id_key] = text.empty() ? json::value(nullptr) : json::value(name_id(text));
    }
  }

  std::int64_t name_id(const std::string& text) {
    auto [it, added] = names_.try_emplace(text, static_cast<std::int64_t>(331 + names_.size()));
    (void)added;
    return it->second;
  }

  json::object render(const json::object& rec, bool with_manager) const {
    json::object out;
    for (auto field : {"id", "firstName", "lastName", "fullName", "languageId", "gender", "location", "country",
                       "timeZone", "externalUserId", "phoneNumber", "userRole", "email", "companyId", "tenantId",
                       "departmentId", "departmentName", "positionId", "positionName", "managerId"}) {
      out[field] = rec.contains(field) ? rec.at(field) : json::value(nullptr);
    }
    out["birthDate"] = "0001-01-01T00:00:00";
    for (auto field : {"identityNumber", "imageUrl", "gradeId", "dateOfStart", "dateOfEnd"}) out[field] = nullptr;
    bool manager = false;
    for (const auto& u : users_) manager = manager || (u.contains("managerId") && u.at("managerId") == rec.at("id"));
    for (auto field : {"isTopManager", "isCriticRole", "isCeo", "isGeneralManager", "isPrinciple"}) out[field] = false;
    out["isManager"] = manager;
    out["isAdmin"] = string_or(rec, "userRole") == "Admin";
    auto* mgr = with_manager ? find_const(string_or(rec, "managerId")) : nullptr;
    out["manager"] = mgr ? json::value(render(*mgr, false)) : json::value(nullptr);
    out["isEmailExemption"] = false;
    out["isPushNotificationExemption"] = false;
    return out;
  }

  json::object list_item(const json::object& rec) const {
    json::object out;
    for (auto field : {"id", "tenantId", "companyId", "userName", "email", "languageId", "firstName", "lastName",
                       "fullName", "gender", "location", "country", "timeZone", "hasPassword", "isFirstLogin",
                       "isActive", "createdBy", "createdAt", "changedAt", "externalUserId"}) {
      out[field] = rec.contains(field) ? rec.at(field) : json::value(nullptr);
    }
    return out;
  }

  json::object* find(const std::string& id) { return const_cast<json::object*>(find_const(id)); }
  const json::object* find_const(const std::string& id) const {
    for (const auto& u : users_) {
      if (!id.empty() && to_lower(string_or(u, "id")) == to_lower(id)) return &u;
    }
    return nullptr;
  }
  json::object* find_external(const std::string& ext) { return const_cast<json::object*>(find_external_const(ext)); }
  const json::object* find_external_const(const std::string& ext) const {
    for (const auto& u : users_) {
      if (!ext.empty() && string_or(u, "externalUserId") == ext) return &u;
    }
    return nullptr;
  }
  const json::object* find_email(const std::string& email) const {
    for (const auto& u : users_) {
      if (!email.empty() && !bool_or(u, "isDeleted", false) && to_lower(string_or(u, "email")) == to_lower(email)) return &u;
    }
    return nullptr;
  }

  login_config login_;
  token_store tokens_;
  std::vector<json::object> users_;
  std::map<std::string, std::int64_t> names_;
  std::int64_t tenant_id_ = 56;
  std::int64_t company_id_ = 94;
};

}  // namespace

std::unique_ptr<vendor> make_twiser_lxp() { return std::make_unique<twiser_lxp>(); }

}  // namespace vendor_sim
