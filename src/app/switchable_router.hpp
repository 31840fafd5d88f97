#pragma once
// The SCIM listener's request handler across reloads: it forwards each
// request to the router installed last, and holds that router (and so its
// targets, pipelines and vendor connectors) until the request is answered.
// install() swaps atomically: a request sees the old router or the new one,
// never a mix.

#include "api/scim_router.hpp"
#include "server/http_types.hpp"

#include <atomic>
#include <memory>

namespace app {

class switchable_router : public server::request_handler {
public:
    void install(std::shared_ptr<api::scim_router> router) { current_.store(std::move(router)); }

    boost::asio::awaitable<server::http_response> handle(server::http_request request,
                                                         server::request_context& context) override;

private:
    std::atomic<std::shared_ptr<api::scim_router>> current_;
};

} // namespace app
