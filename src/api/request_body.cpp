#include "api/request_body.hpp"

#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/json/parse.hpp>

namespace api {
namespace json = boost::json;

namespace {

void check_content_type(const server::http_request& request)
{
    const auto header = request[server::http::field::content_type];
    if (header.empty())
        return;
    std::string_view media = header.substr(0, header.find(';'));
    std::string type(media);
    boost::trim(type);
    if (!boost::iequals(type, "application/scim+json") && !boost::iequals(type, "application/json"))
        throw scim::error(415, scim::scim_type::invalid_syntax,
                          "Content-Type " + std::string(header) + " is not supported; send application/scim+json");
}

} // namespace

json::value parse_json_body(const server::http_request& request)
{
    check_content_type(request);
    if (request.body().empty())
        scim::throw_invalid_syntax("the request has no body; a JSON object was expected");
    json::parse_options options;
    options.max_depth = max_json_depth;
    boost::system::error_code ec;
    json::value value = json::parse(request.body(), ec, {}, options);
    if (ec)
        scim::throw_invalid_syntax("the body is not valid JSON: " + ec.message());
    return value;
}

json::object parse_json_object(const server::http_request& request)
{
    auto value = parse_json_body(request);
    if (!value.is_object())
        scim::throw_invalid_syntax("the body must be a JSON object");
    return std::move(value.get_object());
}

} // namespace api
