#include "api/discovery_endpoints.hpp"

#include "api/responses.hpp"
#include "scim/error.hpp"
#include "scim/schema_urns.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <set>

namespace api {
namespace json = boost::json;

namespace {

json::object list_of(json::array resources)
{
    json::object body;
    body["schemas"] = json::array{scim::urn::list_response};
    body["totalResults"] = static_cast<std::int64_t>(resources.size());
    body["itemsPerPage"] = static_cast<std::int64_t>(resources.size());
    body["startIndex"] = 1;
    body["Resources"] = std::move(resources);
    return body;
}

// The schemas that some resource type uses, in a stable order.
std::vector<const scim::schema*> served_schemas(const scim::schema_registry& schemas)
{
    std::vector<const scim::schema*> out;
    std::set<const scim::schema*> seen;
    for (const auto& type : schemas.resource_types()) {
        if (type->core && seen.insert(type->core).second)
            out.push_back(type->core);
        for (const auto& extension : type->extensions)
            if (seen.insert(extension.extension).second)
                out.push_back(extension.extension);
    }
    return out;
}

json::object one_or_not_found(std::optional<json::object> found, std::string_view what, std::string_view id)
{
    if (!found)
        scim::throw_not_found(std::string(what) + " " + std::string(id) + " not found");
    return std::move(*found);
}

} // namespace

json::object service_provider_config(const std::string& base_url)
{
    json::object config;
    config["schemas"] = json::array{scim::urn::service_provider_config};
    config["documentationUri"] = "https://github.com/scim-bridge/scim-bridge/blob/main/README.md";
    config["patch"] = json::object{{"supported", true}};
    config["bulk"] = json::object{{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}};
    config["filter"] = json::object{{"supported", true}, {"maxResults", 1000}};
    config["changePassword"] = json::object{{"supported", false}};
    config["sort"] = json::object{{"supported", true}};
    config["etag"] = json::object{{"supported", true}};
    config["authenticationSchemes"] = json::array{json::object{
        {"type", "oauthbearertoken"},
        {"name", "OAuth Bearer Token"},
        {"description", "A bearer token configured for this target (Authorization: Bearer <token>)"},
        {"primary", true}}};
    config["meta"] = json::object{{"resourceType", "ServiceProviderConfig"},
                                  {"location", base_url + "/ServiceProviderConfig"}};
    return config;
}

std::optional<server::http_response> serve_discovery(const scim::schema_registry& schemas, const std::string& base_url,
                                                     const server::http_request& request,
                                                     const std::vector<std::string_view>& segments)
{
    const auto endpoint = segments.at(1);
    const bool is_spc = boost::iequals(endpoint, "ServiceProviderConfig");
    const bool is_types = boost::iequals(endpoint, "ResourceTypes");
    const bool is_schemas = boost::iequals(endpoint, "Schemas");
    if (!is_spc && !is_types && !is_schemas)
        return std::nullopt;
    if (request.method() != server::http::verb::get)
        throw scim::error(405, scim::scim_type::none, "discovery endpoints are read-only");
    // RFC 7644 §4: filtering discovery resources is not supported.
    if (request.target().find("filter=") != std::string_view::npos)
        throw scim::error(403, scim::scim_type::none, "filters are not supported on discovery endpoints");
    if (segments.size() > 3)
        throw scim::error(404, scim::scim_type::none, "no such endpoint");
    const std::optional<std::string_view> id =
        segments.size() == 3 ? std::optional<std::string_view>(segments[2]) : std::nullopt;

    if (is_spc) {
        if (id)
            throw scim::error(404, scim::scim_type::none, "ServiceProviderConfig has no sub-resources");
        return json_response(request, 200, service_provider_config(base_url));
    }
    if (is_types) {
        if (id) {
            std::optional<json::object> found;
            if (const auto* type = schemas.find_resource_type(*id))
                found = type->to_json(base_url);
            return json_response(request, 200, one_or_not_found(std::move(found), "ResourceType", *id));
        }
        json::array all;
        for (const auto& type : schemas.resource_types())
            all.push_back(type->to_json(base_url));
        return json_response(request, 200, list_of(std::move(all)));
    }
    const auto served = served_schemas(schemas);
    if (id) {
        std::optional<json::object> found;
        for (const auto* schema : served)
            if (boost::iequals(schema->id, *id))
                found = schema->to_json(base_url);
        return json_response(request, 200, one_or_not_found(std::move(found), "Schema", *id));
    }
    json::array all;
    for (const auto* schema : served)
        all.push_back(schema->to_json(base_url));
    return json_response(request, 200, list_of(std::move(all)));
}

} // namespace api
