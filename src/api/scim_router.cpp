#include "api/scim_router.hpp"

#include "api/bulk_endpoint.hpp"
#include "api/discovery_endpoints.hpp"
#include "api/query_parameters.hpp"
#include "api/resource_endpoints.hpp"
#include "api/responses.hpp"
#include "api/root_search.hpp"
#include "bridge/request_error.hpp"
#include "server/bearer_auth.hpp"
#include "config/token_hash.hpp"
#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <vector>

namespace api {
namespace http = server::http;

namespace {

// The path after the prefix, split at '/', empty segments dropped (a
// trailing slash is tolerated).
std::vector<std::string_view> split_path(std::string_view path)
{
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        const auto slash = path.find('/');
        auto segment = path.substr(0, slash);
        if (!segment.empty())
            segments.push_back(segment);
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

[[noreturn]] void unauthorized()
{
    throw scim::error(401, scim::scim_type::none, "a valid bearer token for this target is required");
}

} // namespace

scim_router::scim_router(target_map targets, std::string public_url, server::logger& events)
    : targets_(std::move(targets)), public_url_(std::move(public_url)), events_(events)
{
}

void scim_router::configure(target_map targets, std::string public_url)
{
    targets_ = std::move(targets);
    public_url_ = std::move(public_url);
}

boost::asio::awaitable<server::http_response> scim_router::handle(server::http_request request,
                                                                  server::request_context& context)
{
    // The pipeline answers its refusals as values (responses.hpp renders
    // them); what reading the request throws becomes a SCIM error here.
    std::optional<scim::error> failure;
    try {
        co_return co_await route(request, context);
    } catch (const scim::error& e) {
        failure = e;
    } catch (const std::exception& e) {
        events_.error("unhandled_exception", {{"request_id", context.request_id}, {"what", e.what()}});
        failure = scim::error(500, scim::scim_type::none, "internal error; see the server log for request " +
                                                              context.request_id);
    }
    co_return error_response(request, *failure);
}

boost::asio::awaitable<server::http_response> scim_router::route(const server::http_request& request,
                                                                 server::request_context& context)
{
    const std::string_view full = request.target();
    const auto question = full.find('?');
    const auto path = full.substr(0, question);
    const auto query_text = question == std::string_view::npos ? std::string_view{} : full.substr(question + 1);

    if (!path.starts_with(scim_prefix))
        throw scim::error(404, scim::scim_type::none, "no such endpoint; SCIM lives under /scim/v2/{target}/");
    const auto segments = split_path(path.substr(scim_prefix.size()));
    if (segments.empty())
        throw scim::error(404, scim::scim_type::none, "no target named in the path /scim/v2/{target}/");

    const auto found = targets_.find(segments[0]);
    // An unknown target answers exactly like a wrong token: a caller learns
    // nothing about which targets exist.
    if (found == targets_.end())
        unauthorized();
    const target& target = *found->second;
    context.target = target.settings.name;
    const auto token = server::presented_token(request);
    if (!token || !config::token_matches(target.settings.token_hashes, *token))
        unauthorized();
    const auto admin_pause = target.pause->reason();
    if (target.settings.paused || admin_pause) {
        co_return error_response(
            request, bridge::fail_unavailable(bridge::errc::target_paused,
                                              "target " + target.settings.name + " is paused for maintenance" +
                                                  (admin_pause && !admin_pause->empty() ? " (" + *admin_pause + ")"
                                                                                        : "") +
                                                  "; retry later",
                                              std::chrono::seconds(300)));
    }
    const query_parameters query(query_text);
    // The service root: a query over every resource type.
    if (segments.size() < 2 || (segments.size() == 2 && segments[1] == ".search"))
        co_return co_await serve_root_search(target, request, query, segments.size() == 2);

    const auto endpoint = segments[1];
    const std::string base_url = public_url_ + std::string(scim_prefix) + target.settings.name;

    // The target's schemas: the deployed ones plus its mapping's own attributes.
    const auto& schemas = *target.service->context().schemas;
    for (const auto& type : schemas.resource_types()) {
        if (!boost::iequals(endpoint, std::string_view(type->endpoint).substr(1)))
            continue;
        if (segments.size() > 3)
            break;
        resource_route route{target, *type, segments.size() == 3 ? std::string(segments[2]) : std::string()};
        co_return co_await serve_resource(route, request, query, context);
    }
    if (auto response = serve_discovery(schemas, target.advertised ? &*target.advertised : nullptr, base_url,
                                        target.service->context().limits, target.bulk, request, query, segments))
        co_return std::move(*response);
    if (boost::iequals(endpoint, "Bulk") && segments.size() == 2)
        co_return co_await serve_bulk(target, request, context);
    throw scim::error(404, scim::scim_type::none, "no such endpoint: " + std::string(path));
}

} // namespace api
