#include "app/switchable_router.hpp"

namespace app {

boost::asio::awaitable<server::http_response> switchable_router::handle(server::http_request request,
                                                                        server::request_context& context)
{
    // Held in this frame until the response is made: a reload meanwhile
    // does not free what this request uses.
    const std::shared_ptr<api::scim_router> router = current_.load();
    auto response = co_await router->handle(std::move(request), context);
    co_return response;
}

} // namespace app
