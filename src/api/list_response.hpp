#pragma once
// The ListResponse message (RFC 7644 §3.4.2).

#include "bridge/resource_service.hpp"

#include <boost/json/object.hpp>

namespace api {

boost::json::object list_response_json(bridge::list_result result);

} // namespace api
