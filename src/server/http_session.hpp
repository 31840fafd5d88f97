#pragma once
// One inbound connection: reads requests one after the other (HTTP/1.1
// keep-alive), enforces the size and time limits, answers /healthz and
// /readyz itself, hands every other request to the request_handler and
// writes the access log line. No exception leaves a session.

#include "config/server_config.hpp"
#include "server/access_log.hpp"
#include "server/connection_registry.hpp"
#include "server/http_types.hpp"
#include "server/logger.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <memory>
#include <string>

namespace server {

// What every session needs from the server. The references must outlive
// the server's io_context run; the registry is shared because a session
// frame may be destroyed after the server (with the io_context).
struct session_services {
    config::limits_config limits;
    request_handler* handler = nullptr;
    logger* events = nullptr;
    access_log* access = nullptr;  // null: no access log
    std::shared_ptr<connection_registry> registry;
    bool answer_probes = true;  // /healthz and /readyz here rather than by the handler
    bool count_requests = true; // in the SCIM request metrics
};

class http_session {
public:
    static boost::asio::awaitable<void> serve_plain(session_services services, std::shared_ptr<session_handle> handle,
                                                    boost::asio::ip::tcp::socket socket);
    static boost::asio::awaitable<void> serve_tls(session_services services, std::shared_ptr<session_handle> handle,
                                                  boost::asio::ip::tcp::socket socket,
                                                  boost::asio::ssl::context& tls);

    http_session(const http_session&) = delete;
    http_session& operator=(const http_session&) = delete;
    ~http_session();

private:
    http_session(session_services services, std::shared_ptr<session_handle> handle, std::string remote);

    template <typename Stream>
    boost::asio::awaitable<void> serve(Stream& stream, boost::beast::tcp_stream& transport);
    boost::asio::awaitable<http_response> respond(http_request request, request_context& context);
    // The request's metrics, before the answer is written (a client that
    // reads the metrics next finds its request counted).
    void count(const request_context& context, std::string_view method, std::string_view target,
               const http_response& response) const;
    void log_access(const request_context& context, std::string_view method, std::string_view target,
                    const http_response& response) const;

    session_services services_;
    std::shared_ptr<session_handle> handle_;
    std::string remote_;
};

} // namespace server
