#pragma once
// The SCIM error responses the server itself produces (limits, overload,
// failures, authentication), before or around the handler.

#include "server/http_types.hpp"

#include <string_view>

namespace server {

inline constexpr std::string_view scim_content_type = "application/scim+json";

// An RFC 7644 §3.12 error: {"schemas":[...Error], "status":"413", "detail":...}.
// `version` and `keep_alive` come from the request being answered.
http_response scim_error_response(http::status status, std::string_view detail, unsigned version, bool keep_alive,
                                  std::string_view scim_type = {});

} // namespace server
