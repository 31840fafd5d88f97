#pragma once
// Auth helpers shared by the vendors: login-issued tokens that expire, the
// bearer header, and masking of secrets in the request log.

#include "json_util.hpp"

#include <map>
#include <string>

namespace vendor_sim {

class token_store {
 public:
  struct issued {
    std::string access_token;
    std::string refresh_token;
    sys_clock::time_point expires_at;
    sys_clock::time_point refresh_expires_at;
  };

  // Fractional seconds are allowed so that tests can watch a token expire quickly.
  issued issue(double ttl_seconds, sys_clock::time_point now);
  bool valid(std::string_view access_token, sys_clock::time_point now) const;
  void clear() { tokens_.clear(); }
  std::size_t size() const { return tokens_.size(); }

 private:
  std::map<std::string, issued, std::less<>> tokens_;
};

// The credentials a login endpoint accepts and the lifetime of what it issues.
struct login_config {
  std::string email = "integration@example.com";
  std::string password = "integration-password";
  double token_ttl_seconds = 3600;

  // Applies `token_ttl_seconds` and `credentials {email, password}` from a
  // /_sim/config body; returns false for a key it does not know.
  bool apply(std::string_view key, const json::value& value, std::string& error);
  json::object to_json() const;
};

// The token of "Authorization: Bearer <token>", or empty.
std::string bearer_token(const sim_request& req);

// Secrets never reach the request log in clear.
std::string mask_header(std::string_view name, std::string_view value);
void mask_body_secrets(json::value& body);

}  // namespace vendor_sim
