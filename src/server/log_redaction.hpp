#pragma once
// Keeping credentials out of logs. Some clients put tokens in query strings
// (?access_token=...); logs are read by more people than the config.

#include "config/server_config.hpp"

#include <string>
#include <string_view>

namespace server {

// True for names that usually hold a credential: token, access_token,
// password, secret, api_key, authorization, signature... (any case).
bool is_secret_name(std::string_view name);

// The request target with the values of secret-looking query keys replaced by
// "***", and in a `filter` the values compared with a secret-looking
// attribute (`password eq "…"`), or every compared value with
// mask_filter_values; the path and the other keys stay as they were.
std::string redact_target(std::string_view target,
                          config::query_logging policy = config::query_logging::keep);

// The SCIM filter `filter` (decoded) with the values it compares replaced by
// "***": those of secret-looking attributes, or all of them with `all`.
std::string mask_filter_values(std::string_view filter, bool all);

} // namespace server
