#pragma once
// The discovery documents of RFC 7644 §4: /ServiceProviderConfig, /Schemas
// and /ResourceTypes. Pure functions of configuration and the schema
// registry; the server serves their output as-is.

#include "scim/schema.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scim {

// One entry of `authenticationSchemes` (RFC 7643 §5).
struct authentication_scheme {
    std::string type;  // "oauthbearertoken", "httpbasic", …
    std::string name;
    std::string description;
    std::string spec_uri;
    std::string documentation_uri;
    bool primary = false;
};

// The bearer-token scheme both Entra ID and Okta use.
authentication_scheme oauth_bearer_token_scheme();

// What the deployment supports; the defaults describe scim-bridge itself.
struct service_provider_features {
    std::string documentation_uri;
    bool patch = true;
    bool bulk = false;
    std::int64_t bulk_max_operations = 0;
    std::int64_t bulk_max_payload_size = 0;
    bool filter = true;
    std::int64_t filter_max_results = 200;
    bool change_password = false;
    bool sort = true;
    bool etag = true;
    // Paging (RFC 9865 §4): by startIndex (RFC 7644) and by cursor.
    bool cursor_paging = true;
    std::int64_t default_page_size = 100;
    std::int64_t max_page_size = 1000;
    std::vector<authentication_scheme> authentication_schemes{oauth_bearer_token_scheme()};
};

// `base_url` is the SCIM root as clients reach it ("https://host/scim/v2");
// every meta.location is built from it.
boost::json::object service_provider_config_json(const service_provider_features& features,
                                                 std::string_view base_url);

// A discovery ListResponse: never paged (RFC 7644 §4), everything on one page.
boost::json::object discovery_list(boost::json::array resources);

// ListResponses (RFC 7644 §4) of every schema / resource type in the registry.
boost::json::object schemas_json(const schema_registry& registry, std::string_view base_url);
boost::json::object resource_types_json(const schema_registry& registry, std::string_view base_url);

} // namespace scim
