#pragma once
// POST /Bulk (RFC 7644 §3.7): the operations of a BulkRequest, each through
// the same pipeline calls as the single request it stands for (so a vendor
// target makes the same vendor calls), answered in one BulkResponse.

#include "api/target.hpp"
#include "server/http_types.hpp"

#include <boost/asio/awaitable.hpp>

namespace api {

// One deadline for the whole request: an operation that cannot start in
// time answers 503 like a single request, and so does every one after it.
boost::asio::awaitable<server::http_response> serve_bulk(const api::target& target,
                                                         const server::http_request& request,
                                                         const server::request_context& context);

} // namespace api
