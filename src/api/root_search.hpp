#pragma once
// A search at the service root (RFC 7644 §3.4.3 `POST /.search`, and
// §3.4.2's query of the root with GET): one ListResponse over every
// resource type of the target, with the per-type endpoints' filter, sort,
// startIndex/count and projection. Cursor paging stays per type.

#include "api/query_parameters.hpp"
#include "api/target.hpp"
#include "server/http_types.hpp"

#include <boost/asio/awaitable.hpp>

namespace api {

// `search_endpoint`: the request named `/.search` (POST only); otherwise it
// named the root itself (GET only).
boost::asio::awaitable<server::http_response> serve_root_search(const api::target& target,
                                                                const server::http_request& request,
                                                                const query_parameters& query,
                                                                bool search_endpoint);

} // namespace api
