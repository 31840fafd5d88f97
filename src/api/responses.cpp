#include "api/responses.hpp"

#include <boost/json/serialize.hpp>

namespace api {

http_response json_response(const http_request& request, unsigned status, const boost::json::object& body)
{
    return text_response(request, status, boost::json::serialize(body));
}

http_response text_response(const http_request& request, unsigned status, std::string body)
{
    http_response response{static_cast<server::http::status>(status), request.version()};
    response.set(server::http::field::content_type, scim_content_type);
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

http_response empty_response(const http_request& request, unsigned status)
{
    http_response response{static_cast<server::http::status>(status), request.version()};
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
}

http_response error_response(const http_request& request, const scim::error& error)
{
    auto response = json_response(request, static_cast<unsigned>(error.status()), error.to_json());
    if (error.status() == 401)
        response.set(server::http::field::www_authenticate, "Bearer realm=\"scim-bridge\"");
    return response;
}

http_response error_response(const http_request& request, const bridge::failure& failure)
{
    const auto answer = failure.answer();
    auto response = error_response(request, scim::error(answer.status, answer.type, failure.detail));
    if (failure.retry_after)
        response.set(server::http::field::retry_after, std::to_string(failure.retry_after->count()));
    return response;
}

} // namespace api
