#pragma once
// Building SCIM HTTP responses: JSON bodies with application/scim+json, and
// errors (a pipeline's failure value, or a scim::error thrown while the
// request was read) rendered as RFC 7644 §3.12 error JSON. The one place
// where errors become responses.

#include "bridge/request_error.hpp"
#include "scim/error.hpp"
#include "server/http_types.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace api {

using server::http_request;
using server::http_response;

inline constexpr std::string_view scim_content_type = "application/scim+json";

http_response json_response(const http_request& request, unsigned status, const boost::json::object& body);
// The same with a body already serialised (a ListResponse, a stored resource).
http_response text_response(const http_request& request, unsigned status, std::string body);
http_response empty_response(const http_request& request, unsigned status);
http_response error_response(const http_request& request, const scim::error& error);
// Status and scimType from the failure's condition; a Retry-After header
// when it says when to come back (identity providers back off on it).
http_response error_response(const http_request& request, const bridge::failure& failure);

} // namespace api
