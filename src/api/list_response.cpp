#include "api/list_response.hpp"

#include "scim/schema_urns.hpp"

namespace api {

boost::json::object list_response_json(bridge::list_result result)
{
    boost::json::object body;
    body["schemas"] = boost::json::array{scim::urn::list_response};
    // Okta requires these to be JSON integers, never strings.
    body["totalResults"] = result.total_results;
    body["itemsPerPage"] = static_cast<std::int64_t>(result.resources.size());
    body["startIndex"] = result.start_index;
    boost::json::array resources;
    resources.reserve(result.resources.size());
    for (auto& resource : result.resources)
        resources.push_back(std::move(resource));
    body["Resources"] = std::move(resources);
    return body;
}

} // namespace api
