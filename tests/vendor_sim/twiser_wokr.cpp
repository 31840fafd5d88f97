#include "twiser_wokr.hpp"

#include "auth.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace vendor_sim {

namespace {

using field_errors = std::map<std::string, std::vector<std::string>>;

// ASP.NET Core's validation problem: the document names no error format for
// Wokr, and this is what its stack answers by default.
sim_response validation_problem(const field_errors& errors) {
  json::object by_field;
  for (const auto& [field, messages] : errors) {
    json::array list;
    for (const auto& m : messages) list.push_back(json::string(m));
    by_field[field] = std::move(list);
  }
  return json_response(400, {{"type", "https://tools.ietf.org/html/rfc9110#section-15.5.1"},
                             {"title", "One or more validation errors occurred."},
                             {"status", 400},
                             {"errors", std::move(by_field)}});
}

// The members of the document's User Update body and table; User Create has
// the same without Id and ExitDate, plus GeneratePassword and ExternalAccountList.
constexpr std::string_view update_members[] = {
    "Id", "TenantId", "CompanyId", "UserName", "Email", "ParentId", "ParentEmail", "ParentEmployeeId",
    "MatrixManagerId", "LanguageId", "Department", "HireDate", "ExitDate", "HrbpId", "EmployeeId", "FirstName",
    "LastName", "FullName", "Gender", "Position", "Location", "Country", "TimeZone", "PhoneNumber", "ImageUrl",
    "OrganizationLevelId", "IsActive", "IsLeft", "IsWhiteCollar", "IsTopManagement", "IsGeneralManager",
    "ExtendedAuthorizationReportId", "ExtendedAuthorizationAdminPanelId", "ExtendedAuthorizationCompanyObjectiveId",
    "IsProxyAdmin", "Unsubscribe", "NotificationUserId", "Password", "IsPerformanceIncluded", "BusinessUnit",
    "HrbpEmail", "MatrixManagerEmail"};

// A member the document's request does not list, or nullopt.
std::optional<std::string> undocumented(const json::object& body, bool creating) {
  for (const auto& member : body) {
    const std::string_view key = member.key();
    const bool create_only = key == "GeneratePassword" || key == "ExternalAccountList";
    const bool update_only = key == "Id" || key == "ExitDate";
    if ((creating && update_only) || (!creating && create_only)) return std::string(key);
    if (!create_only && std::find(std::begin(update_members), std::end(update_members), key) == std::end(update_members)) {
      return std::string(key);
    }
  }
  return std::nullopt;
}

constexpr std::array required_fields = {"TenantId", "CompanyId", "Email",     "LanguageId", "Department",
                                        "HireDate", "FirstName", "LastName",  "FullName",   "Gender",
                                        "Position", "Location",  "Country",   "TimeZone"};

// Fields copied from a create or update body into the record as sent.
constexpr std::array copied_fields = {
    "Email", "MatrixManagerId", "Department", "HireDate", "HrbpId", "EmployeeId", "FirstName", "LastName",
    "FullName", "Gender", "Position", "Location", "Country", "TimeZone", "PhoneNumber", "ImageUrl",
    "OrganizationLevelId", "IsActive", "IsLeft", "IsWhiteCollar", "IsTopManagement", "IsGeneralManager",
    "ExtendedAuthorizationReportId", "ExtendedAuthorizationAdminPanelId",
    "ExtendedAuthorizationCompanyObjectiveId", "IsProxyAdmin", "Unsubscribe", "NotificationUserId",
    "IsPerformanceIncluded", "BusinessUnit", "UserName"};

bool is_utc_offset(std::string_view tz) {
  // "UTC", "UTC+3", "UTC-05:30": the document's example is "UTC+3".
  if (!tz.starts_with("UTC")) return false;
  tz.remove_prefix(3);
  if (tz.empty()) return true;
  if (tz.front() != '+' && tz.front() != '-') return false;
  tz.remove_prefix(1);
  auto digits = tz.substr(0, tz.find(':'));
  if (digits.empty() || digits.size() > 2) return false;
  for (char c : tz) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ':') return false;
  }
  return true;
}

class twiser_wokr final : public vendor {
 public:
  twiser_wokr() { reset(); }

  std::string name() const override { return "twiser-wokr"; }

  void reset() override {
    login_ = {};
    tokens_.clear();
    users_.clear();
    departments_.clear();
    tenant_id_ = 60;
    company_id_ = 360;
  }

  void add_routes(router& r) override {
    r.add("POST", "/identity/api/auth/login", [this](sim_request& q) { return login(q); }, false);
    r.add("GET", "/identity/api/application-user/get-user-list", [this](sim_request& q) { return list(q); });
    r.add("POST", "/identity/api/application-user", [this](sim_request& q) { return save(q); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point now) override {
    if (tokens_.valid(bearer_token(req), now)) return std::nullopt;
    auto res = empty_response(401);
    res.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return res;
  }

  json::object state() const override {
    json::array users;
    for (const auto& u : users_) users.push_back(render(u));
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
    return "unknown or invalid config key for twiser-wokr: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    // Seeded users are stored as given (Id assigned when absent): a fixture for managers.
    auto* users = body.if_contains("users");
    if (!users || !users->is_array()) return "seed body must be {\"users\": [...]}";
    for (const auto& u : users->as_array()) {
      if (!u.is_object()) return "each seeded user must be an object";
      auto rec = new_record(u.as_object());
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
    auto now = sys_clock::now();
    auto token = tokens_.issue(login_.token_ttl_seconds, now);
    return json_response(200, {{"UserId", "a3dc14c7-9f3e-4d87-89a1-09a62b142ff2"},
                               {"CompanyId", company_id_},
                               {"IsFirstLogin", false},
                               {"LoginProvider", "Twiser"},
                               {"AccessTokenExpiryTime", iso_time(token.expires_at)},
                               {"AccessToken", token.access_token},
                               {"RefreshTokenExpiryTime", iso_time(token.refresh_expires_at)},
                               {"RefreshToken", token.refresh_token},
                               {"Message", "Success"}});
  }

  sim_response list(const sim_request& req) {
    auto company = req.query_value("companyId");
    char* end = nullptr;
    long long id = company ? std::strtoll(company->c_str(), &end, 10) : 0;
    if (!company || company->empty() || *end != '\0') {
      return validation_problem({{"companyId", {"The companyId field is required."}}});
    }
    json::array out;
    for (const auto& u : users_) {
      if (u.at("CompanyId").to_number<long long>() == id) out.push_back(list_item(u));
    }
    return json_response(200, out);
  }

  sim_response save(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return validation_problem({{"$", {"The request body is not a JSON object."}}});
    if (auto extra = undocumented(*body, !present(*body, "Id"))) {
      return validation_problem({{*extra, {"'" + *extra + "' is not a member of this request."}}});
    }
    auto* id = present(*body, "Id");
    if (!id) return create(*body);
    auto* rec = find(id->is_string() ? std::string(id->as_string()) : std::string());
    if (!rec) return validation_problem({{"Id", {"User not found."}}});
    bool exit_only = true;
    for (const auto& [k, v] : *body) exit_only = exit_only && (k == "Id" || k == "ExitDate");
    if (exit_only) return leave(*rec, *body);
    return update(*rec, *body);
  }

  sim_response create(const json::object& body) {
    auto errors = validate(body, nullptr);
    bool generate = bool_or(body, "GeneratePassword", false);
    auto* external = present(body, "ExternalAccountList");
    bool has_external = external && external->is_array() && !external->as_array().empty();
    if (generate == has_external) {
      errors["GeneratePassword"].push_back("Exactly one of GeneratePassword or ExternalAccountList must be provided.");
    }
    if (has_external) {
      for (const auto& acc : external->as_array()) {
        if (!acc.is_object() || is_missing_or_blank(acc.as_object(), "IdentityProvider")) {
          errors["ExternalAccountList"].push_back("IdentityProvider is required.");
        }
      }
    }
    if (!errors.empty()) return validation_problem(errors);
    auto rec = new_record(body);
    rec["HasPassword"] = generate || present(body, "Password") != nullptr;
    rec["ExternalAccountList"] = has_external ? *external : json::value(nullptr);
    apply(rec, body);
    users_.push_back(std::move(rec));
    return json_response(200, render(users_.back()));
  }

  sim_response update(json::object& rec, const json::object& body) {
    auto errors = validate(body, &rec);
    if (present(body, "ExitDate") && !is_iso_datetime(string_or(body, "ExitDate"))) {
      errors["ExitDate"].push_back("ExitDate must be formatted YYYY-MM-DDTHH:MM:SSZ.");
    }
    if (!errors.empty()) return validation_problem(errors);
    apply(rec, body);
    if (present(body, "ExitDate")) mark_left(rec, body.at("ExitDate"));
    return json_response(200, render(rec));
  }

  sim_response leave(json::object& rec, const json::object& body) {
    if (!present(body, "ExitDate") || !is_iso_datetime(string_or(body, "ExitDate"))) {
      return validation_problem({{"ExitDate", {"The ExitDate field is required (YYYY-MM-DDTHH:MM:SSZ)."}}});
    }
    mark_left(rec, body.at("ExitDate"));
    return json_response(200, render(rec));
  }

  void mark_left(json::object& rec, const json::value& exit_date) {
    // Soft delete, as in the document's "User Delete" example response.
    rec["ExitDate"] = exit_date;
    rec["IsLeft"] = true;
    rec["IsActive"] = false;
    rec["IsDeleted"] = true;
    rec["ChangedAt"] = iso_time(sys_clock::now());
  }

  field_errors validate(const json::object& body, const json::object* self) const {
    field_errors errors;
    for (auto field : required_fields) {
      if (is_missing_or_blank(body, field)) errors[field].push_back("The " + std::string(field) + " field is required.");
    }
    auto check = [&](bool ok, const char* field, std::string message) {
      if (present(body, field) && !ok) errors[field].push_back(std::move(message));
    };
    auto text = [&](const char* field) { return string_or(body, field); };
    check(body.contains("TenantId") && body.at("TenantId").is_int64() && body.at("TenantId").as_int64() == tenant_id_,
          "TenantId", "Tenant not found.");
    check(body.contains("CompanyId") && body.at("CompanyId").is_int64() &&
              body.at("CompanyId").as_int64() == company_id_,
          "CompanyId", "Company not found.");
    check(looks_like_email(text("Email")), "Email", "Email is not a valid e-mail address.");
    check(!email_taken(text("Email"), self), "Email", "There is already another user with the same Email.");
    auto lang = to_lower(text("LanguageId"));
    check(lang == "en" || lang == "tr", "LanguageId", "LanguageId must be EN or TR.");
    check(is_iso_datetime(text("HireDate")), "HireDate", "HireDate must be formatted YYYY-MM-DDTHH:MM:SSZ.");
    auto gender = text("Gender");
    check(gender == "M" || gender == "F" || gender == "X", "Gender", "Gender must be M, F or X.");
    check(is_two_letter_code(text("Country")), "Country", "Country must be a two-letter ISO code.");
    check(is_utc_offset(text("TimeZone")), "TimeZone", "TimeZone must look like UTC+3.");
    int parents = 0;
    for (auto field : {"ParentId", "ParentEmail", "ParentEmployeeId"}) parents += present(body, field) ? 1 : 0;
    if (parents > 1) errors["ParentId"].push_back("Only one of ParentId, ParentEmail or ParentEmployeeId may be provided.");
    check(resolve_parent(body) != nullptr, "ParentId", "Parent user not found.");
    check(resolve_parent(body) != nullptr, "ParentEmail", "Parent user not found.");
    check(resolve_parent(body) != nullptr, "ParentEmployeeId", "Parent user not found.");
    check(find_const(text("MatrixManagerId")) != nullptr, "MatrixManagerId", "Matrix manager not found.");
    check(find_const(text("HrbpId")) != nullptr, "HrbpId", "HRBP user not found.");
    for (auto field : {"ExtendedAuthorizationReportId", "ExtendedAuthorizationAdminPanelId",
                       "ExtendedAuthorizationCompanyObjectiveId"}) {
      auto* v = present(body, field);
      bool ok = v && v->is_int64() && (v->as_int64() == 0 || v->as_int64() == 1 || v->as_int64() == 10);
      check(ok, field, std::string(field) + " must be 0, 1 or 10.");
    }
    auto* panel = present(body, "ExtendedAuthorizationAdminPanelId");
    if (bool_or(body, "IsProxyAdmin", false) && !(panel && panel->is_int64() && panel->as_int64() == 10)) {
      errors["ExtendedAuthorizationAdminPanelId"].push_back("Must be 10 when IsProxyAdmin is true.");
    }
    return errors;
  }

  const json::object* resolve_parent(const json::object& body) const {
    if (auto* id = present(body, "ParentId")) return find_const(id->is_string() ? std::string(id->as_string()) : "");
    for (const auto& u : users_) {
      if (present(body, "ParentEmail") && to_lower(string_or(u, "Email")) == to_lower(string_or(body, "ParentEmail"))) return &u;
      if (present(body, "ParentEmployeeId") && string_or(u, "EmployeeId") == string_or(body, "ParentEmployeeId") &&
          !string_or(u, "EmployeeId").empty()) return &u;
    }
    return nullptr;
  }

  bool email_taken(const std::string& email, const json::object* self) const {
    for (const auto& u : users_) {
      if (&u != self && !bool_or(u, "IsDeleted", false) && to_lower(string_or(u, "Email")) == to_lower(email)) return true;
    }
    return false;
  }

  json::object new_record(const json::object& body) {
    auto now = iso_time(sys_clock::now());
    return {{"Id", random_uuid()},        {"TenantId", tenant_id_},  {"CompanyId", company_id_},
            {"UserName", random_uuid()},  {"ExitDate", nullptr},     {"IsPerformanceIncluded", true},
            {"IsHRBPManager", false},     {"HasPassword", false},    {"ExternalAccountList", nullptr},
            {"IsFirstLogin", true},       {"IsActive", true},        {"IsLeft", false},
            {"IsWhiteCollar", false},     {"CreatedBy", "3f5fd09f-0bf2-4ff4-89e4-72b1cbed18ce"},
            {"CreatedAt", now},           {"ChangedBy", "3f5fd09f-0bf2-4ff4-89e4-72b1cbed18ce"},
            {"ChangedAt", now},           {"IsTopManagement", false}, {"IsGeneralManager", nullptr},
            {"IsProxyAdmin", false},      {"IsDeleted", false},      {"Unsubscribe", false},
            {"OrganizationLevelId", nullptr}, {"GetHierarchyId", nullptr}, {"GetHierarchyLevel", nullptr},
            {"Email", string_or(body, "Email")}};
  }

  void apply(json::object& rec, const json::object& body) {
    for (auto field : copied_fields) {
      if (body.contains(field)) rec[field] = body.at(field);
    }
    rec["LanguageId"] = to_lower(string_or(body, "LanguageId"));
    auto* parent = resolve_parent(body);
    rec["ParentId"] = parent ? parent->at("Id") : json::value(nullptr);
    auto dept = string_or(body, "Department");
    auto [it, added] = departments_.try_emplace(dept, random_uuid());
    (void)added;
    rec["DepartmentId"] = it->second;
    rec["ChangedAt"] = iso_time(sys_clock::now());
  }

  json::value summary(const json::value& id) const {
    auto* u = id.is_string() ? find_const(std::string(id.as_string())) : nullptr;
    if (!u) return nullptr;
    return json::object{{"Id", u->at("Id")},       {"FirstName", u->at("FirstName")},
                        {"LastName", u->at("LastName")}, {"Email", u->at("Email")},
                        {"EmployeeId", u->contains("EmployeeId") ? u->at("EmployeeId") : nullptr},
                        {"FullName", u->at("FullName")}, {"ImageUrl", u->contains("ImageUrl") ? u->at("ImageUrl") : nullptr}};
  }

  json::object render(const json::object& rec) const {
    json::object out = rec;
    for (auto field : copied_fields) {
      if (!out.contains(field)) out[field] = nullptr;
    }
    out["ParentUser"] = summary(out["ParentId"]);
    out["MatrixManager"] = summary(out["MatrixManagerId"]);
    out["HrbpUser"] = summary(out["HrbpId"]);
    out["GetDepartmentOfUser"] = json::object{
        {"Id", out["DepartmentId"]}, {"TenantId", tenant_id_}, {"CompanyId", out["CompanyId"]},
        {"Name", out["Department"]}, {"ManagerUserName", nullptr}, {"ManagerUserImageUrl", nullptr},
        {"OrganizationLevel", nullptr}, {"HierarchyId", nullptr}, {"IsActive", true},
        {"DepartmentHierarchy", nullptr}, {"CreatedBy", nullptr}, {"CreatedAt", "0001-01-01T00:00:00"},
        {"ChangedBy", nullptr}, {"ChangedAt", nullptr}};
    return out;
  }

  json::object list_item(const json::object& rec) const {
    auto full = render(rec);
    json::object out;
    for (auto field : {"Id", "CompanyId", "OrganizationLevelId", "IsManager", "ParentId", "FirstName", "LastName",
                       "DepartmentId", "Department", "ImageUrl", "Position", "Email", "BusinessUnit", "EmployeeId",
                       "HireDate", "IsPerformanceIncluded", "MatrixManagerId", "IsLeft", "IsDeleted", "IsActive",
                       "Country", "Gender", "IsWhiteCollar", "IsTopManagement", "Location", "FullName"}) {
      out[field] = full.contains(field) ? full.at(field) : json::value(nullptr);
    }
    out["OrganizationLevelText"] = nullptr;
    bool manager = false;
    for (const auto& u : users_) manager = manager || (u.contains("ParentId") && u.at("ParentId") == rec.at("Id"));
    out["IsManager"] = manager;
    return out;
  }

  json::object* find(const std::string& id) { return const_cast<json::object*>(find_const(id)); }
  const json::object* find_const(const std::string& id) const {
    for (const auto& u : users_) {
      if (to_lower(string_or(u, "Id")) == to_lower(id)) return &u;
    }
    return nullptr;
  }

  login_config login_;
  token_store tokens_;
  std::vector<json::object> users_;
  std::map<std::string, std::string> departments_;
  std::int64_t tenant_id_ = 60;
  std::int64_t company_id_ = 360;
};

}  // namespace

std::unique_ptr<vendor> make_twiser_wokr() { return std::make_unique<twiser_wokr>(); }

}  // namespace vendor_sim
