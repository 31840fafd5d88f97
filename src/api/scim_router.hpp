#pragma once
// The SCIM HTTP API: /scim/v2/{target}/… routed to the target's pipeline.
// Authentication is per target: a token configured for one target is never
// checked against another's, so it can neither read nor write there.

#include "api/target.hpp"
#include "scim/schema.hpp"
#include "server/http_types.hpp"
#include "server/logger.hpp"

#include <memory>
#include <string>

namespace api {

class scim_router : public server::request_handler {
public:
    // Each target serves its own schemas (target_context::schemas).
    scim_router(target_map targets, std::string public_url, server::logger& events);

    // Installs the targets and the public URL. Called once, after the
    // listener is bound (the URL may carry the bound port) and before the
    // first request is served.
    void configure(target_map targets, std::string public_url);

    boost::asio::awaitable<server::http_response> handle(server::http_request request,
                                                         server::request_context& context) override;

private:
    boost::asio::awaitable<server::http_response> route(const server::http_request& request,
                                                        server::request_context& context);

    target_map targets_;
    std::string public_url_;
    server::logger& events_;
};

// The URL prefix every target lives under.
inline constexpr std::string_view scim_prefix = "/scim/v2/";

} // namespace api
