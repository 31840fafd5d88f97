#include "api/discovery_endpoints.hpp"

#include "api/responses.hpp"
#include "scim/error.hpp"
#include "scim/discovery.hpp"

#include <boost/algorithm/string/predicate.hpp>


namespace api {
namespace json = boost::json;

namespace {

json::object one_or_not_found(std::optional<json::object> found, std::string_view what, std::string_view id)
{
    if (!found)
        scim::throw_not_found(std::string(what) + " " + std::string(id) + " not found");
    return std::move(*found);
}

} // namespace

std::optional<server::http_response> serve_discovery(const scim::schema_registry& schemas,
                                                     const scim::attribute_selection* advertised,
                                                     const std::string& base_url, const bridge::list_limits& limits,
                                                     const bulk_limits& bulk,
                                                     const server::http_request& request,
                                                     const query_parameters& query,
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
    // RFC 7644 §4: filtering discovery resources is not supported. Other
    // parameters (attributes, count, a client's own) are ignored.
    if (query.get("filter"))
        throw scim::error(403, scim::scim_type::none, "filters are not supported on discovery endpoints");
    if (segments.size() > 3)
        throw scim::error(404, scim::scim_type::none, "no such endpoint");
    const std::optional<std::string_view> id =
        segments.size() == 3 ? std::optional<std::string_view>(segments[2]) : std::nullopt;

    if (is_spc) {
        if (id)
            throw scim::error(404, scim::scim_type::none, "ServiceProviderConfig has no sub-resources");
        scim::service_provider_features features;
        features.documentation_uri = "https://github.com/scim-bridge/scim-bridge/blob/main/README.md";
        features.filter_max_results = limits.max_page_size;
        features.default_page_size = limits.default_page_size;
        features.max_page_size = limits.max_page_size;
        features.bulk = true;
        features.bulk_max_operations = bulk.max_operations;
        features.bulk_max_payload_size = bulk.max_payload_bytes;
        return json_response(request, 200, scim::service_provider_config_json(features, base_url));
    }
    const auto schema_json = [&](const scim::schema& schema) {
        return advertised ? advertised->apply_to_schema(schema.to_json(base_url)) : schema.to_json(base_url);
    };
    const auto shown = [&](const scim::schema& schema) { return !advertised || advertised->advertised(schema.id); };
    const auto type_json = [&](const scim::resource_type& type) {
        return advertised ? advertised->apply_to_resource_type(type.to_json(base_url)) : type.to_json(base_url);
    };
    if (is_types) {
        if (id) {
            std::optional<json::object> found;
            if (const auto* type = schemas.find_resource_type(*id))
                found = type_json(*type);
            return json_response(request, 200, one_or_not_found(std::move(found), "ResourceType", *id));
        }
        json::array items;
        for (const auto& type : schemas.resource_types())
            items.push_back(type_json(*type));
        return json_response(request, 200, scim::discovery_list(std::move(items)));
    }
    if (id) {
        std::optional<json::object> found;
        if (const auto* schema = schemas.find_schema(*id); schema && shown(*schema))
            found = schema_json(*schema);
        return json_response(request, 200, one_or_not_found(std::move(found), "Schema", *id));
    }
    json::array items;
    for (const auto& schema : schemas.schemas())
        if (shown(*schema))
            items.push_back(schema_json(*schema));
    return json_response(request, 200, scim::discovery_list(std::move(items)));
}

} // namespace api
