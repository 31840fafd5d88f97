#include "platform_identity.hpp"

#include "auth.hpp"
#include "odata_filter.hpp"

#include <algorithm>

namespace vendor_sim {

namespace {

constexpr std::string_view base = "/api/{tenantKey}/{orgKey}/identity/users";
constexpr std::size_t default_page_size = 100;

// The document names 400 and 404 but no body: RFC 9457 problem details.
sim_response problem(int status, std::string detail) {
  return json_response(status, {{"title", status == 404 ? "Not Found" : "Bad Request"},
                                {"status", status},
                                {"detail", std::move(detail)}});
}

// The document's Status enumeration has no values listed.
bool valid_status(const json::value& v) {
  if (!v.is_string()) return false;
  auto s = std::string_view(v.as_string());
  return s == "Active" || s == "Inactive" || s == "Pending";
}

class platform_identity final : public vendor {
 public:
  platform_identity() { reset(); }

  std::string name() const override { return "platform-identity"; }

  void reset() override {
    token_ = "platform-identity-token";
    tenant_key_ = "tenant";
    org_key_ = "org";
    users_.clear();
    catalog_ = {{"groups", json::array{}}, {"roles", json::array{}}};
  }

  void add_routes(router& r) override {
    auto b = std::string(base);
    r.add("GET", b, [this](sim_request& q) { return scoped(q, [&] { return list(q); }); });
    r.add("POST", b, [this](sim_request& q) { return scoped(q, [&] { return create(q); }); });
    r.add("GET", b + "/{ref}", [this](sim_request& q) { return scoped(q, [&] { return get(q); }); });
    r.add("DELETE", b + "/{ref}", [this](sim_request& q) { return scoped(q, [&] { return remove(q); }); });
    for (std::string kind : {"groups", "roles"}) {
      for (std::string op : {"addByKeys", "addByIds", "removeByKeys", "removeByIds"}) {
        r.add("POST", b + "/{userKey}/" + kind + "/" + op,
              [this, kind, op](sim_request& q) { return scoped(q, [&] { return membership(q, kind, op); }); });
      }
    }
    r.add("PUT", b + "/{userKey}/{attribute}", [this](sim_request& q) { return scoped(q, [&] { return set(q); }); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point) override {
    if (bearer_token(req) == token_) return std::nullopt;
    auto res = empty_response(401);
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
    return res;
  }

  json::object state() const override {
    json::array users;
    for (const auto& u : users_) users.push_back(render(u));
    return {{"users", std::move(users)}, {"groups", catalog_.at("groups")}, {"roles", catalog_.at("roles")}};
  }

  json::object config() const override {
    return {{"bearer_token", "***"}, {"tenant_key", tenant_key_}, {"org_key", org_key_}};
  }

  std::string configure(std::string_view key, const json::value& value) override {
    if (!value.is_string()) return "config values for platform-identity are strings";
    if (key == "bearer_token") return token_ = value.as_string(), "";
    if (key == "tenant_key") return tenant_key_ = value.as_string(), "";
    if (key == "org_key") return org_key_ = value.as_string(), "";
    return "unknown config key for platform-identity: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    // {"groups": [{"key", "name"?, "id"?}], "roles": [...]}: the catalog the
    // add/remove calls resolve keys and ids against.
    for (const auto& [kind, list] : body) {
      if (kind != "groups" && kind != "roles") return "seed accepts groups and roles";
      if (!list.is_array()) return std::string(kind) + " must be an array";
      for (const auto& item : list.as_array()) {
        if (!item.is_object() || string_or(item.as_object(), "key").empty()) return "each entry needs a key";
        const auto& o = item.as_object();
        catalog_[kind].as_array().push_back({{"id", string_or(o, "id", random_uuid())},
                                             {"key", o.at("key")},
                                             {"name", string_or(o, "name", string_or(o, "key"))}});
      }
    }
    return {};
  }

 private:
  template <class F>
  sim_response scoped(const sim_request& req, F&& fn) {
    if (req.params.at("tenantKey") != tenant_key_ || req.params.at("orgKey") != org_key_) {
      return problem(404, "Unknown tenant or organization");
    }
    return fn();
  }

  sim_response list(const sim_request& req) {
    std::vector<odata_clause> clauses;
    if (auto filter = req.query_value("$filter")) {
      std::string error;
      auto parsed = parse_odata_filter(*filter, error);
      if (!parsed) return problem(400, "Invalid $filter: " + error);
      clauses = std::move(*parsed);
      for (const auto& c : clauses) {
        static constexpr std::string_view known[] = {"id", "userKey", "email", "name", "isActive", "isTechnician", "status", "culture"};
        if (std::find(std::begin(known), std::end(known), c.field) == std::end(known)) {
          return problem(400, "Invalid $filter: unknown property " + c.field);
        }
      }
    }
    auto number = [&](const char* key, std::size_t fallback) -> std::optional<std::size_t> {
      auto v = req.query_value(key);
      if (!v) return fallback;
      char* end = nullptr;
      auto n = std::strtoll(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || n < 0) return std::nullopt;
      return static_cast<std::size_t>(n);
    };
    auto top = number("$top", default_page_size);
    auto skip = number("$skip", 0);
    if (!top || !skip) return problem(400, "$top and $skip must be non-negative integers");
    std::vector<json::object> matched;
    for (const auto& u : users_) {
      auto out = render(u);
      bool ok = std::all_of(clauses.begin(), clauses.end(), [&](const odata_clause& c) {
        const auto& v = out.at(c.field);
        if (v.is_string() && c.literal.is_string()) return to_lower(v.as_string()) == to_lower(c.literal.as_string());
        return v == c.literal;
      });
      if (ok) matched.push_back(std::move(out));
    }
    json::array page;
    for (auto i = *skip; i < matched.size() && page.size() < *top; ++i) page.push_back(matched[i]);
    json::object body{{"value", std::move(page)}};
    if (req.query_value("$count") == "true") body["@odata.count"] = matched.size();
    if (*skip + *top < matched.size() && !req.query_value("$top")) {
      body["@odata.nextLink"] = req.path + "?$skip=" + std::to_string(*skip + *top);
    }
    return json_response(200, body);
  }

  sim_response create(const sim_request& req) {
    auto body = parse_object(req.body);
    if (!body) return problem(400, "The request body must be an ApiUserResource object");
    // The create resource is ApiUserResource: no culture, no isActive (those
    // are UserResource's, what a read answers).
    if (auto extra = undocumented_member(*body, {"userKey", "name", "isTechnician", "lastLogin", "roles", "email",
                                                 "picture", "groups", "status"})) {
      return problem(400, "The request parameters are invalid: '" + *extra + "' is not a member of ApiUserResource");
    }
    for (auto field : {"userKey", "name"}) {
      if (is_missing_or_blank(*body, field) || !body->at(field).is_string()) return problem(400, std::string(field) + " is required");
    }
    if (!present(*body, "isTechnician") || !body->at("isTechnician").is_bool()) return problem(400, "isTechnician is required (bool)");
    if (find(string_or(*body, "userKey"))) return problem(400, "A user with userKey '" + string_or(*body, "userKey") + "' already exists");
    json::object rec{{"id", random_uuid()}, {"userKey", body->at("userKey")}, {"name", body->at("name")},
                     {"culture", "en-US"}, {"isTechnician", body->at("isTechnician")},
                     {"isActive", true}, {"lastLogin", nullptr}, {"email", nullptr},
                     {"picture", nullptr}, {"status", "Active"}, {"groups", json::array{}}, {"roles", json::array{}}};
    for (auto field : {"email", "picture", "lastLogin", "status", "groups", "roles"}) {
      if (!present(*body, field)) continue;
      auto error = assign(rec, field, body->at(field));
      if (!error.empty()) return problem(400, error);
    }
    users_.push_back(rec);
    auto location = "/api/" + tenant_key_ + "/" + org_key_ + "/identity/users/" + std::string(rec.at("id").as_string());
    auto res = json_response(201, rec.at("id"));
    res.headers.emplace_back("Location", location);
    return res;
  }

  sim_response get(const sim_request& req) {
    auto* u = find(req.params.at("ref"));
    if (!u) return problem(404, "The specified record does not exist");
    return json_response(200, render(*u));
  }

  sim_response remove(const sim_request& req) {
    auto* u = find(req.params.at("ref"));
    if (!u) return problem(404, "The specified record does not exist");
    users_.erase(users_.begin() + (u - users_.data()));
    return empty_response(204);
  }

  sim_response set(const sim_request& req) {
    static constexpr std::string_view attributes[] = {"email", "groups", "isActive", "isTechnician", "lastLogin",
                                                      "name", "picture", "roles", "status", "userKey"};
    const auto& attribute = req.params.at("attribute");
    auto known = std::find(std::begin(attributes), std::end(attributes), attribute) != std::end(attributes);
    if (!known) return problem(404, "Unknown attribute " + attribute);
    auto* u = find_by_key(req.params.at("userKey"));
    // The document lists 404 for Set IsActive only; the other setters answer 400.
    if (!u) return problem(attribute == "isActive" ? 404 : 400, "The specified record does not exist");
    auto value = parse_value(req.body);
    if (!value) return problem(400, "The body must be the bare JSON value of " + attribute);
    auto error = assign(*u, attribute, *value);
    if (!error.empty()) return problem(400, error);
    return empty_response(200);
  }

  sim_response membership(const sim_request& req, const std::string& kind, const std::string& op) {
    auto* u = find_by_key(req.params.at("userKey"));
    if (!u) return problem(400, "The specified user does not exist");
    auto body = parse_value(req.body);
    if (!body || !body->is_array()) return problem(400, "The body must be a JSON array of strings");
    bool by_keys = op.ends_with("ByKeys");
    std::vector<json::object> entries;
    for (const auto& item : body->as_array()) {
      auto* entry = item.is_string() ? lookup(kind, by_keys ? "key" : "id", item.as_string()) : nullptr;
      if (!entry) return problem(400, kind + " " + json::serialize(item) + " not found");
      entries.push_back(*entry);
    }
    auto& current = (*u)[kind].as_array();
    for (const auto& entry : entries) {
      auto it = std::find_if(current.begin(), current.end(), [&](const json::value& v) { return v.at("id") == entry.at("id"); });
      if (op.starts_with("add") && it == current.end()) current.push_back(entry);
      if (op.starts_with("remove") && it != current.end()) current.erase(it);
    }
    return empty_response(200);
  }

  // Sets one attribute, validating the value; returns an error or empty.
  std::string assign(json::object& rec, std::string_view attribute, const json::value& v) {
    auto is_text = v.is_string();
    if (attribute == "email") {
      // Set Email's value is a string: "" clears it (the record's email is
      // optional), anything else must be an address; null is no string.
      if (!is_text) return "email must be a string";
      if (v.as_string().empty()) {
        rec["email"] = nullptr;
        return {};
      }
      if (!looks_like_email(v.as_string())) return "email must be an e-mail address";
    } else if (attribute == "name" || attribute == "userKey") {
      if (!is_text || v.as_string().empty()) return std::string(attribute) + " must be a non-empty string";
      if (attribute == "userKey") {
        auto* other = find_by_key(std::string(v.as_string()));
        if (other && other != &rec) return "A user with userKey '" + std::string(v.as_string()) + "' already exists";
      }
    } else if (attribute == "isActive" || attribute == "isTechnician") {
      if (!v.is_bool()) return std::string(attribute) + " must be true or false";
    } else if (attribute == "lastLogin") {
      if (!v.is_null() && !(is_text && is_iso_datetime(v.as_string()))) return "lastLogin must be a DateTimeOffset";
    } else if (attribute == "picture") {
      if (!v.is_null() && !is_text) return "picture must be a string";
    } else if (attribute == "status") {
      if (!valid_status(v)) return "status must be one of Active, Inactive, Pending";
    } else if (attribute == "groups" || attribute == "roles") {
      // Set Groups/Roles replaces the whole set; entries are keys or {key}.
      if (!v.is_array()) return std::string(attribute) + " must be an array of keys";
      json::array resolved;
      for (const auto& item : v.as_array()) {
        auto key = item.is_string() ? std::string(item.as_string())
                                    : (item.is_object() ? string_or(item.as_object(), "key") : std::string());
        auto* entry = lookup(std::string(attribute), "key", key);
        if (!entry) return std::string(attribute) + " key '" + key + "' not found";
        resolved.push_back(*entry);
      }
      rec[attribute] = std::move(resolved);
      return {};
    }
    rec[attribute] = v;
    return {};
  }

  const json::object* lookup(const std::string& kind, const char* field, std::string_view value) const {
    for (const auto& entry : catalog_.at(kind).as_array()) {
      if (entry.at(field).as_string() == value) return &entry.as_object();
    }
    return nullptr;
  }

  json::object render(const json::object& rec) const { return rec; }

  // GET and DELETE take an id or a key: the id is tried first.
  json::object* find(const std::string& ref) {
    for (auto& u : users_) {
      if (to_lower(u.at("id").as_string()) == to_lower(ref)) return &u;
    }
    return find_by_key(ref);
  }
  json::object* find_by_key(const std::string& key) {
    for (auto& u : users_) {
      if (to_lower(u.at("userKey").as_string()) == to_lower(key)) return &u;
    }
    return nullptr;
  }

  std::string token_;
  std::string tenant_key_;
  std::string org_key_;
  std::vector<json::object> users_;
  json::object catalog_;
};

}  // namespace

std::unique_ptr<vendor> make_platform_identity() { return std::make_unique<platform_identity>(); }

}  // namespace vendor_sim
