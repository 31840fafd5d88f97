#pragma once
// /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4): what
// this server supports, told truthfully so identity providers and
// conformance suites can rely on it.

#include "api/query_parameters.hpp"
#include "api/target.hpp"
#include "bridge/list_request.hpp"
#include "scim/advertised_schemas.hpp"
#include "scim/schema.hpp"
#include "server/http_types.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace api {

// Answers a discovery request, or nullopt when `segments[1]` names no
// discovery endpoint. segments: {target, endpoint, [id]}. `advertised`
// (null: everything) narrows /Schemas and /ResourceTypes to a target's
// mapping; `limits` are the page sizes and `bulk` the /Bulk limits
// /ServiceProviderConfig advertises.
// Of the query parameters only `filter` matters: it is refused (403, RFC
// 7644 §4); any other is ignored.
std::optional<server::http_response> serve_discovery(const scim::schema_registry& schemas,
                                                     const scim::attribute_selection* advertised,
                                                     const std::string& base_url, const bridge::list_limits& limits,
                                                     const bulk_limits& bulk,
                                                     const server::http_request& request,
                                                     const query_parameters& query,
                                                     const std::vector<std::string_view>& segments);

} // namespace api
