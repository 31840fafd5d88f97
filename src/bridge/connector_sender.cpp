#include "bridge/connector_sender.hpp"

#include <boost/json/serialize.hpp>

namespace bridge {

connector::vendor_request to_vendor_request(const mapping::rendered_request& request, std::string request_id)
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
    out.request_id = std::move(request_id);
    return out;
}

vendor_sender connector_sender(std::shared_ptr<connector::vendor_connector> client)
{
    return [client = std::move(client)](mapping::rendered_request request,
                                              std::string request_id) -> boost::asio::awaitable<connector::vendor_result> {
        auto result = co_await client->send(to_vendor_request(request, std::move(request_id)));
        co_return result;
    };
}

} // namespace bridge
