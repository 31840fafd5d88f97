#include "auth.hpp"

#include <cmath>

namespace vendor_sim {

token_store::issued token_store::issue(double ttl_seconds, sys_clock::time_point now) {
  issued token;
  token.access_token = random_hex(64);
  token.refresh_token = random_hex(32);
  auto ttl = std::chrono::duration_cast<sys_clock::duration>(std::chrono::duration<double>(ttl_seconds));
  token.expires_at = now + ttl;
  token.refresh_expires_at = now + ttl * 10;
  tokens_[token.access_token] = token;
  return token;
}

bool token_store::valid(std::string_view access_token, sys_clock::time_point now) const {
  auto it = tokens_.find(access_token);
  return it != tokens_.end() && now < it->second.expires_at;
}

bool login_config::apply(std::string_view key, const json::value& value, std::string& error) {
  if (key == "token_ttl_seconds") {
    if (!value.is_number() || value.to_number<double>() < 0) {
      error = "token_ttl_seconds must be a non-negative number";
    } else {
      token_ttl_seconds = value.to_number<double>();
    }
    return true;
  }
  if (key == "credentials") {
    auto* obj = value.if_object();
    if (!obj || !present(*obj, "email") || !present(*obj, "password")) {
      error = "credentials must be {email, password}";
    } else {
      email = string_or(*obj, "email");
      password = string_or(*obj, "password");
    }
    return true;
  }
  return false;
}

json::object login_config::to_json() const {
  return {{"token_ttl_seconds", token_ttl_seconds}, {"credentials", {{"email", email}, {"password", "***"}}}};
}

std::string bearer_token(const sim_request& req) {
  auto value = req.header("authorization");
  constexpr std::string_view prefix = "bearer ";
  if (value.size() <= prefix.size() || to_lower(value.substr(0, prefix.size())) != prefix) return {};
  return value.substr(prefix.size());
}

std::string mask_header(std::string_view name, std::string_view value) {
  auto lower = to_lower(name);
  if (lower == "authorization") {
    auto space = value.find(' ');
    return space == std::string_view::npos ? "***" : std::string(value.substr(0, space)) + " ***";
  }
  if (lower == "x-api-key" || lower == "cookie") return "***";
  return std::string(value);
}

void mask_body_secrets(json::value& body) {
  if (auto* obj = body.if_object()) {
    for (auto& [key, value] : *obj) {
      if (to_lower(key) == "password" && value.is_string()) {
        value = "***";
      } else {
        mask_body_secrets(value);
      }
    }
  } else if (auto* arr = body.if_array()) {
    for (auto& item : *arr) mask_body_secrets(item);
  }
}

}  // namespace vendor_sim
