#pragma once
// Extracting the inbound credential. Which token belongs to which target is
// the router's business (config::token_matches); this only reads the header.

#include "server/http_types.hpp"

#include <optional>
#include <string_view>

namespace server {

// The token from `Authorization: Bearer <token>` (scheme in any case), or the
// bare header value with no scheme (Okta's "Header" authentication mode).
// Empty when there is no usable token (absent, empty, another scheme).
// The view points into `request`.
std::optional<std::string_view> presented_token(const http_request& request);

// 401 with `WWW-Authenticate: Bearer realm="scim-bridge"` and a SCIM error body.
http_response unauthorized(const http_request& request,
                           std::string_view detail = "a valid bearer token is required");

} // namespace server
