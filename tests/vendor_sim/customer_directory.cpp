#include "customer_directory.hpp"

#include <algorithm>
#include <array>

namespace vendor_sim {

namespace {

constexpr std::string_view users_path = "/api/v1/customers/{customerId}/users";

sim_response error(int status, std::string message) {
  static const std::map<int, const char*> reasons = {
      {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"}};
  return json_response(status, {{"statusCode", status}, {"error", reasons.at(status)}, {"message", std::move(message)}});
}

// The document leaves the integration and identity-type enums empty.
constexpr std::array identity_types = {"scim", "okta", "azure", "google", "onelogin"};
bool known_type(std::string_view t) {
  return std::find(identity_types.begin(), identity_types.end(), t) != identity_types.end();
}

constexpr std::array string_fields = {"firstName", "email", "jobTitle", "lastName", "nickname",
                                      "seniority", "department", "office", "subdepartment", "pod"};
constexpr std::array output_fields = {"_id", "createdAt", "isSuperDelegate", "email", "firstName", "jobTitle",
                                      "lastName", "nickname", "updatedAt", "status", "seniority", "department",
                                      "office", "subdepartment", "pod", "groupIds", "superDelegatePermissions"};

class customer_directory final : public vendor {
 public:
  customer_directory() { reset(); }

  std::string name() const override { return "customer-directory"; }

  void reset() override {
    token_ = "customer-directory-token";
    customer_id_ = "5f0c1e2d3c4b5a6978877665";
    users_.clear();
  }

  void add_routes(router& r) override {
    auto b = std::string(users_path);
    r.add("GET", b, [this](sim_request& q) { return scoped(q, [&] { return search(q); }); });
    r.add("GET", b + "/lookup", [this](sim_request& q) { return scoped(q, [&] { return lookup(q); }); });
    r.add("GET", b + "/{userId}", [this](sim_request& q) { return with_user(q, [&](auto it) { return json_response(200, render(*it)); }); });
    r.add("PATCH", b + "/{userId}", [this](sim_request& q) { return with_user(q, [&](auto it) { return patch(q, *it, true); }); });
    r.add("DELETE", b + "/{userId}", [this](sim_request& q) {
      return with_user(q, [&](auto it) {
        auto out = render(*it);
        users_.erase(it);
        return json_response(200, out);
      });
    });
    r.add("PATCH", "/api/v2/customers/{customerId}/users/{userId}",
          [this](sim_request& q) { return with_user(q, [&](auto it) { return patch(q, *it, false); }); });
  }

  std::optional<sim_response> check_auth(const sim_request& req, sys_clock::time_point) override {
    // "Enter access token": the raw token, and "Bearer <token>" too.
    auto value = req.header("authorization");
    if (value == token_ || value == "Bearer " + token_) return std::nullopt;
    return error(401, value.empty() ? "missing Authorization header" : "invalid access token");
  }

  json::object state() const override {
    json::array users;
    for (const auto& u : users_) users.push_back(u);
    return {{"users", std::move(users)}};
  }

  json::object config() const override { return {{"authorization_token", "***"}, {"customer_id", customer_id_}}; }

  std::string configure(std::string_view key, const json::value& value) override {
    if (!value.is_string()) return "config values for customer-directory are strings";
    if (key == "authorization_token") return token_ = value.as_string(), "";
    if (key == "customer_id" && is_hex_object_id(value.as_string())) return customer_id_ = value.as_string(), "";
    return "unknown or invalid config key for customer-directory: " + std::string(key);
  }

  std::string seed(const json::object& body) override {
    // {"users": [{email, firstName, lastName, ..., roleIds?, groupIds?,
    //   externalIdentities?: [{type, value}], customerId?, _id?}]}
    auto* list = body.if_contains("users");
    if (!list || !list->is_array()) return "seed body must be {\"users\": [...]}";
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) return "each seeded user must be an object";
      const auto& u = item.as_object();
      for (auto field : {"email", "firstName", "lastName"}) {
        if (string_or(u, field).empty()) return std::string("seeded users need ") + field;
      }
      auto now = iso_time(sys_clock::now());
      json::object rec{{"_id", random_hex(24)}, {"customerId", customer_id_}, {"createdAt", now}, {"updatedAt", now},
                       {"isSuperDelegate", false}, {"jobTitle", ""}, {"nickname", ""}, {"status", "active"},
                       {"groupIds", json::array{}}, {"roleIds", json::array{}}, {"delegateIds", json::array{}},
                       {"superDelegatePermissions", json::object{}}, {"externalIdentities", json::array{}}};
      for (const auto& [k, v] : u) rec[k] = v;
      if (!is_hex_object_id(string_or(rec, "_id"))) return "_id must be 24 hex digits";
      users_.push_back(std::move(rec));
    }
    return {};
  }

 private:
  using user_it = std::vector<json::object>::iterator;

  template <class F>
  sim_response scoped(const sim_request& req, F&& fn) {
    const auto& customer = req.params.at("customerId");
    if (!is_hex_object_id(customer)) return error(400, "customerId must be an ObjectId");
    if (customer != customer_id_) return error(403, "the access token is not valid for customer " + customer);
    return fn();
  }

  template <class F>
  sim_response with_user(const sim_request& req, F&& fn) {
    return scoped(req, [&] {
      const auto& id = req.params.at("userId");
      if (!is_hex_object_id(id)) return error(400, "userId must be an ObjectId");
      auto it = std::find_if(users_.begin(), users_.end(), [&](const json::object& u) {
        return string_or(u, "_id") == id && string_or(u, "customerId") == customer_id_;
      });
      if (it == users_.end()) return error(404, "user not found");
      return fn(it);
    });
  }

  sim_response search(const sim_request& req) {
    auto integration = req.query_value("integration");
    if (!integration || !known_type(*integration)) return error(400, "integration is required and must be one of scim, okta, azure, google, onelogin");
    auto query = req.query_value("search").value_or("");
    json::array out;
    for (const auto& u : users_) {
      if (string_or(u, "customerId") != customer_id_) continue;
      bool hit = query.empty();
      for (auto field : {"firstName", "lastName", "nickname", "email"}) hit = hit || contains_ci(string_or(u, field), query);
      if (hit) out.push_back(render(u));
    }
    return json_response(200, out);
  }

  sim_response lookup(const sim_request& req) {
    auto type = req.query_value("type");
    auto value = req.query_value("value");
    if (!type || !known_type(*type)) return error(400, "type is required and must be one of scim, okta, azure, google, onelogin");
    if (!value || value->empty()) return error(400, "value is required");
    auto bound = req.query_value("customerId");
    if (bound && !is_hex_object_id(*bound)) return error(400, "customerId must be an ObjectId");
    for (const auto& u : users_) {
      if (string_or(u, "customerId") != customer_id_) continue;
      auto* ids = u.if_contains("externalIdentities");
      for (const auto& ident : ids && ids->is_array() ? ids->as_array() : json::array{}) {
        if (!ident.is_object()) continue;
        const auto& o = ident.as_object();
        if (string_or(o, "type") == *type && string_or(o, "value") == *value) return json_response(200, render(u));
      }
    }
    return error(404, "no user with that external identity");
  }

  sim_response patch(const sim_request& req, json::object& rec, bool v1) {
    auto body = parse_object(req.body);
    if (!body) return error(400, "body must be a JSON object");
    for (const auto& [key, value] : *body) {
      bool text = std::find(string_fields.begin(), string_fields.end(), key) != string_fields.end();
      if (key == "groupIds") return error(400, "groupIds is read-only");
      if (text) {
        if (!value.is_string()) return error(400, std::string(key) + " must be a string");
        if (key == "email" && !looks_like_email(value.as_string())) return error(400, "email must be an e-mail address");
        if ((key == "firstName" || key == "lastName" || key == "email") && value.as_string().empty()) {
          return error(400, std::string(key) + " must not be empty");
        }
      } else if (key == "roleIds" || (key == "delegateIds" && v1)) {
        bool ok = value.is_array();
        for (const auto& id : ok ? value.as_array() : json::array{}) ok = ok && id.is_string() && is_hex_object_id(id.as_string());
        if (!ok) return error(400, std::string(key) + " must be an array of ObjectIds");
      } else {
        return error(400, "property " + std::string(key) + " is not allowed");
      }
    }
    for (const auto& [key, value] : *body) rec[key] = value;
    rec["updatedAt"] = iso_time(sys_clock::now());
    return json_response(200, render(rec));
  }

  json::object render(const json::object& rec) const {
    json::object out;
    for (auto field : output_fields) {
      if (rec.contains(field)) out[field] = rec.at(field);
    }
    return out;
  }

  std::string token_;
  std::string customer_id_;
  std::vector<json::object> users_;
};

}  // namespace

std::unique_ptr<vendor> make_customer_directory() { return std::make_unique<customer_directory>(); }

}  // namespace vendor_sim
