#include "api/resource_endpoints.hpp"

#include "api/request_body.hpp"
#include "api/responses.hpp"
#include "scim/error.hpp"
#include "scim/resource.hpp"
#include "scim/value_compare.hpp"

#include <algorithm>

namespace api {
namespace http = server::http;
namespace json = boost::json;

namespace {

bool names_members(const scim::attribute_path& path)
{
    return scim::strings_equal(path.attribute, "members", false);
}

// Whether a projected answer shows any of a group's members: when it does
// not, a PATCH naming members one by one need not read the others.
bool shows_members(const scim::projection& projection)
{
    if (!projection.attributes.empty() || !projection.filtered_attributes.empty())
        return std::any_of(projection.attributes.begin(), projection.attributes.end(), names_members) ||
               !projection.filtered_attributes.empty();
    return !projection.filtered_excluded.empty() ||
           std::none_of(projection.excluded_attributes.begin(), projection.excluded_attributes.end(),
                        [](const scim::attribute_path& path) { return names_members(path) && path.sub_attribute.empty(); });
}

std::optional<std::string> header(const server::http_request& request, http::field field)
{
    auto value = request[field];
    if (value.empty())
        return std::nullopt;
    return std::string(value);
}

// Parsed and checked before any write: a malformed projection is refused
// before the change it would describe, never after.
scim::projection projection_of(const query_parameters& query, const scim::resource_type& type)
{
    auto projection =
        scim::parse_projection(query.get("attributes").value_or(""), query.get("excludedAttributes").value_or(""));
    scim::check_projection(projection, type);
    return projection;
}

server::http_response resource_response(const server::http_request& request, unsigned status,
                                        const scim::resource_type& type, const bridge::versioned_resource& found,
                                        const scim::projection& projection)
{
    auto response = projection.empty() && !found.default_view.empty()
                        ? text_response(request, status, found.default_view)
                        : json_response(request, status, scim::project(found.resource, type, projection));
    response.set(http::field::etag, bridge::etag_of(found.version));
    return response;
}

} // namespace

bridge::request_scope scope_of(const server::request_context& context)
{
    return {context.request_id, context.deadline, context.abandoned};
}

namespace {

[[noreturn]] void method_not_allowed(const server::http_request& request)
{
    throw scim::error(405, scim::scim_type::none,
                      "method " + std::string(request.method_string()) + " is not supported on this endpoint");
}

} // namespace

boost::asio::awaitable<server::http_response> serve_resource(const resource_route& route,
                                                             const server::http_request& request,
                                                             const query_parameters& query,
                                                             const server::request_context& context)
{
    auto& service = *route.target.service;
    const auto& type = route.type;
    const auto& limits = service.context().limits;

    if (route.id.empty()) {
        switch (request.method()) {
        case http::verb::get: {
            auto list_request = bridge::parse_list_query([&](std::string_view name) { return query.get(name); }, limits);
            auto listed = co_await service.list(type, std::move(list_request));
            if (!listed)
                co_return error_response(request, listed.error());
            co_return text_response(request, 200, std::move(*listed));
        }
        case http::verb::post: {
            const auto projection = projection_of(query, type);
            auto created = co_await service.create(type, parse_json_object(request), scope_of(context));
            if (!created)
                co_return error_response(request, created.error());
            auto response = resource_response(request, 201, type, *created, projection);
            response.set(http::field::location, created->resource.at("meta").at("location").as_string());
            co_return response;
        }
        default: method_not_allowed(request);
        }
    }

    if (route.id == ".search") {
        if (request.method() != http::verb::post)
            method_not_allowed(request);
        auto list_request = bridge::parse_search_body(parse_json_object(request), limits);
        auto listed = co_await service.list(type, std::move(list_request));
        if (!listed)
            co_return error_response(request, listed.error());
        co_return text_response(request, 200, std::move(*listed));
    }

    auto if_match = header(request, http::field::if_match);
    switch (request.method()) {
    case http::verb::get: {
        auto read = co_await service.read(type, route.id, projection_of(query, type));
        if (!read)
            co_return error_response(request, read.error());
        auto& found = *read;
        if (auto none_match = header(request, http::field::if_none_match);
            none_match && bridge::etag_matches(*none_match, found.version)) {
            auto response = empty_response(request, 304);
            response.set(http::field::etag, bridge::etag_of(found.version));
            co_return response;
        }
        auto response = text_response(request, 200, std::move(found.json));
        response.set(http::field::etag, bridge::etag_of(found.version));
        co_return response;
    }
    case http::verb::put: {
        const auto projection = projection_of(query, type);
        auto replaced = co_await service.replace(type, route.id, parse_json_object(request), if_match,
                                                 scope_of(context));
        if (!replaced)
            co_return error_response(request, replaced.error());
        co_return resource_response(request, 200, type, *replaced, projection);
    }
    case http::verb::patch: {
        const auto projection = projection_of(query, type);
        // Microsoft's own Postman suite wants 204, its validator 200 with
        // the body: the target's configuration decides, per resource type.
        const bool no_content = config::patch_status_of(route.target.settings, type.name) == 204;
        using answer = bridge::resource_service::patch_answer;
        auto patched = co_await service.patch(type, route.id, parse_json_body(request), if_match, scope_of(context),
                                              no_content                  ? answer::version
                                              : projection.empty()        ? answer::stored_text
                                              : shows_members(projection) ? answer::resource
                                                                          : answer::version);
        if (!patched)
            co_return error_response(request, patched.error());
        if (no_content) {
            auto response = empty_response(request, 204);
            response.set(http::field::etag, bridge::etag_of(patched->version));
            co_return response;
        }
        co_return resource_response(request, 200, type, *patched, projection);
    }
    case http::verb::delete_:
        if (auto removed = co_await service.remove(type, route.id, if_match, scope_of(context)); !removed)
            co_return error_response(request, removed.error());
        co_return empty_response(request, 204);
    default: method_not_allowed(request);
    }
}

} // namespace api
