#include "bridge/connector_sender.hpp"

#include <boost/json/serialize.hpp>

namespace bridge {

connector::vendor_request to_vendor_request(const mapping::rendered_request& request, const request_scope& scope)
{
    connector::vendor_request out;
    out.method = request.method;
    out.target = request.target();
    out.headers = request.headers;
    if (request.body) {
        out.body = boost::json::serialize(*request.body);
        out.content_type = "application/json";
    }
    out.idempotent = request.idempotent;
    // The metrics' operation label: the mapping's operation (create,
    // update, deactivate, lookup, progress, …), without a per-attribute
    // update's attribute ("update:email" -> update), so that the label
    // keeps a small, fixed set of values.
    out.operation = request.purpose.substr(0, request.purpose.find(':'));
    out.request_id = scope.request_id;
    // The connector keeps min(its own operation deadline, what is left).
    if (scope.deadline != steady_clock::time_point::max())
        out.deadline = scope.deadline;
    return out;
}

vendor_sender connector_sender(std::shared_ptr<connector::vendor_connector> client)
{
    return [client = std::move(client)](mapping::rendered_request request,
                                         request_scope scope) -> boost::asio::awaitable<connector::vendor_result> {
        auto result = co_await client->send(to_vendor_request(request, scope));
        co_return result;
    };
}

} // namespace bridge
