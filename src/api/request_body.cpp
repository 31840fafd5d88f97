#include "api/request_body.hpp"

#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/json/parse.hpp>

#include <cmath>

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

// Boost.JSON reads an out-of-range number (1e999999) as infinity; no SCIM
// value can be one, and it could not be written back as JSON.
bool has_non_finite_number(const json::value& value)
{
    switch (value.kind()) {
    case json::kind::double_: return !std::isfinite(value.get_double());
    case json::kind::array:
        for (const auto& item : value.get_array())
            if (has_non_finite_number(item))
                return true;
        return false;
    case json::kind::object:
        for (const auto& item : value.get_object())
            if (has_non_finite_number(item.value()))
                return true;
        return false;
    default: return false;
    }
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
    if (has_non_finite_number(value))
        scim::throw_invalid_syntax("the body holds a number too large to represent");
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
