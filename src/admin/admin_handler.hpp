#pragma once
// The admin listener's requests: the status page (/), /metrics (Prometheus
// text), /healthz, /readyz (the SCIM listener's readiness), /targets,
// /activity (the page's history), /config, /log-level and POST /reload. Everything but
// the probes and the page needs the admin token when one is configured. Served on its own address and port (src/app/admin_listener).

#include "admin/reload_report.hpp"
#include "admin/status_source.hpp"
#include "server/http_types.hpp"
#include "server/logger.hpp"

namespace admin {

class admin_handler : public server::request_handler {
public:
    // `source` and `events` must outlive the handler; `reload` serves
    // POST /reload (absent: that path is 404).
    admin_handler(status_source& source, server::logger& events, reload_action reload = {});

    boost::asio::awaitable<server::http_response> handle(server::http_request request,
                                                         server::request_context& context) override;

    // The same, synchronously, from what the source last refreshed.
    server::http_response answer(const server::http_request& request, server::request_context& context);

private:
    server::http_response targets(unsigned version) const;
    server::http_response activity(unsigned version) const;
    server::http_response log_level(const server::http_request& request);
    server::http_response reload(unsigned version);

    status_source& source_;
    server::logger& events_;
    reload_action reload_;
};

} // namespace admin
