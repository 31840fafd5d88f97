#pragma once
// /Users and /Groups (RFC 7644 §3.2–3.6): HTTP in, bridge calls, HTTP out.

#include "api/query_parameters.hpp"
#include "api/target.hpp"
#include "server/http_types.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace api {

struct resource_route {
    const api::target& target;
    const scim::resource_type& type;
    std::string id;  // empty for the collection; ".search" for POST …/.search
};

// The request's id, deadline and abandoned flag, as the pipeline takes them.
bridge::request_scope scope_of(const server::request_context& context);

boost::asio::awaitable<server::http_response> serve_resource(const resource_route& route,
                                                             const server::http_request& request,
                                                             const query_parameters& query,
                                                             const server::request_context& context);

} // namespace api
