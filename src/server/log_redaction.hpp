#pragma once
// Keeping credentials out of logs. Some clients put tokens in query strings
// (?access_token=...); logs are read by more people than the config.

#include <string>
#include <string_view>

namespace server {

// True for names that usually hold a credential: token, access_token,
// password, secret, api_key, authorization, signature... (any case).
bool is_secret_name(std::string_view name);

// The request target with the values of secret-looking query keys replaced by
// "***"; the path and the other keys stay as they were.
std::string redact_target(std::string_view target);

} // namespace server
