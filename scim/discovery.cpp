#include "scim/discovery.hpp"

#include "scim/schema_urns.hpp"

#include <boost/json/array.hpp>

namespace scim {

namespace {

namespace json = boost::json;

} // namespace

json::object discovery_list(json::array resources)
{
    // Discovery lists are never paged (RFC 7644 §4): everything on one page.
    const auto total = static_cast<std::int64_t>(resources.size());
    return {{"schemas", json::array{urn::list_response}},
            {"totalResults", total},
            {"itemsPerPage", total},
            {"startIndex", 1},
            {"Resources", std::move(resources)}};
}

namespace {

std::string trimmed(std::string_view base_url)
{
    while (!base_url.empty() && base_url.back() == '/')
        base_url.remove_suffix(1);
    return std::string(base_url);
}

} // namespace

authentication_scheme oauth_bearer_token_scheme()
{
    authentication_scheme s;
    s.type = "oauthbearertoken";
    s.name = "OAuth Bearer Token";
    s.description = "A bearer token in the Authorization header, as issued to the identity provider.";
    s.spec_uri = "https://www.rfc-editor.org/info/rfc6750";
    s.primary = true;
    return s;
}

json::object service_provider_config_json(const service_provider_features& f, std::string_view base_url)
{
    json::array schemes;
    for (const authentication_scheme& s : f.authentication_schemes) {
        json::object o{{"type", s.type}, {"name", s.name}, {"description", s.description}, {"primary", s.primary}};
        if (!s.spec_uri.empty())
            o["specUri"] = s.spec_uri;
        if (!s.documentation_uri.empty())
            o["documentationUri"] = s.documentation_uri;
        schemes.push_back(std::move(o));
    }
    json::object config{{"schemas", json::array{urn::service_provider_config}}};
    if (!f.documentation_uri.empty())
        config["documentationUri"] = f.documentation_uri;
    config["patch"] = {{"supported", f.patch}};
    config["bulk"] = {{"supported", f.bulk},
                      {"maxOperations", f.bulk_max_operations},
                      {"maxPayloadSize", f.bulk_max_payload_size}};
    config["filter"] = {{"supported", f.filter}, {"maxResults", f.filter_max_results}};
    config["changePassword"] = {{"supported", f.change_password}};
    config["sort"] = {{"supported", f.sort}};
    config["etag"] = {{"supported", f.etag}};
    // Cursors never expire here (they are positions in creation order), so
    // no cursorTimeout is advertised.
    config["pagination"] = {{"cursor", f.cursor_paging},
                            {"index", true},
                            {"defaultPaginationMethod", "index"},
                            {"defaultPageSize", f.default_page_size},
                            {"maxPageSize", f.max_page_size}};
    config["authenticationSchemes"] = std::move(schemes);
    config["meta"] = {{"resourceType", "ServiceProviderConfig"},
                      {"location", trimmed(base_url) + "/ServiceProviderConfig"}};
    return config;
}

json::object schemas_json(const schema_registry& registry, std::string_view base_url)
{
    json::array items;
    for (const auto& s : registry.schemas())
        items.push_back(s->to_json(base_url));
    return discovery_list(std::move(items));
}

json::object resource_types_json(const schema_registry& registry, std::string_view base_url)
{
    json::array items;
    for (const auto& t : registry.resource_types())
        items.push_back(t->to_json(base_url));
    return discovery_list(std::move(items));
}

} // namespace scim
