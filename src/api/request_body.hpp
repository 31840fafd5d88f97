#pragma once
// Reading a SCIM request body: content type, JSON syntax, nesting depth.
// Everything wrong here is a 4xx SCIM error, never a crash.

#include "server/http_types.hpp"

#include <boost/json/value.hpp>

namespace api {

// JSON nesting deeper than this is rejected before any of it is built:
// SCIM resources nest three levels; a hostile 10,000-level body must not
// exhaust the stack.
inline constexpr std::size_t max_json_depth = 32;

// Parses the body as JSON. Throws scim::error: 415 for a content type that
// is not JSON (application/scim+json and application/json, any charset, are
// accepted; none at all is tolerated), 400 invalidSyntax for malformed JSON,
// invalid UTF-8 or excessive depth.
boost::json::value parse_json_body(const server::http_request& request);

// As parse_json_body, and the body must be a JSON object.
boost::json::object parse_json_object(const server::http_request& request);

} // namespace api
