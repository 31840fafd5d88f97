#include "server/error_response.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace server {

http_response scim_error_response(http::status status, std::string_view detail, unsigned version, bool keep_alive,
                                  std::string_view scim_type) {
    boost::json::object body;
    body["schemas"] = boost::json::array{"urn:ietf:params:scim:api:messages:2.0:Error"};
    // SCIM sends the status as a string; Entra and Okta check this.
    body["status"] = std::to_string(static_cast<unsigned>(status));
    if (!scim_type.empty()) {
        body["scimType"] = scim_type;
    }
    body["detail"] = detail;

    http_response response{status, version};
    response.set(http::field::content_type, scim_content_type);
    response.keep_alive(keep_alive);
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

} // namespace server
