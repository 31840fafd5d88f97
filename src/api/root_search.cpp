#include "api/root_search.hpp"

#include "api/request_body.hpp"
#include "api/responses.hpp"
#include "scim/error.hpp"

namespace api {
namespace http = server::http;

boost::asio::awaitable<server::http_response> serve_root_search(const api::target& target,
                                                                const server::http_request& request,
                                                                const query_parameters& query,
                                                                bool search_endpoint)
{
    const auto expected = search_endpoint ? http::verb::post : http::verb::get;
    if (request.method() != expected)
        throw scim::error(405, scim::scim_type::none,
                          std::string(search_endpoint ? "/.search takes POST" : "the service root takes GET") +
                              ", not " + std::string(request.method_string()));
    auto& service = *target.service;
    const auto& limits = service.context().limits;
    auto list_request = search_endpoint
                            ? bridge::parse_search_body(parse_json_object(request), limits)
                            : bridge::parse_list_query([&](std::string_view name) { return query.get(name); }, limits);
    std::vector<const scim::resource_type*> types;
    for (const auto& type : service.context().schemas->resource_types())
        types.push_back(type.get());
    auto listed = co_await service.list(std::move(types), std::move(list_request));
    if (!listed)
        co_return error_response(request, listed.error());
    co_return text_response(request, 200, std::move(*listed));
}

} // namespace api
