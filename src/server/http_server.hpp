#pragma once
// The inbound listener: binds at construction (so port() is known before
// run()), serves HTTP or, when TLS is configured, HTTPS only, on
// config.threads threads, and shuts down gracefully on stop().

#include "config/server_config.hpp"
#include "server/access_log.hpp"
#include "server/connection_registry.hpp"
#include "server/http_session.hpp"
#include "server/http_types.hpp"
#include "server/logger.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace server {

// What distinguishes one listener of the process from another.
struct listener_options {
    // The listener label of scim_bridge_open_connections.
    std::string name = "scim";
    // The SCIM listener answers /healthz and /readyz itself, whatever its
    // handler does; the admin listener's handler answers them (for the SCIM
    // listener's readiness).
    bool answer_probes = true;
    // Requests count in scim_bridge_scim_requests_total (not the admin's).
    bool count_requests = true;
};

class http_server {
public:
    // `handler`, `events` and `access` (null: no access log) must outlive
    // the server. Throws std::runtime_error when it cannot listen or load
    // the TLS files.
    http_server(const config::server_config& config, request_handler& handler, logger& events,
                access_log* access = nullptr, listener_options options = {});
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    boost::asio::io_context& io_context() noexcept { return io_; }

    // Serves until stop() has drained the connections. Blocks the calling
    // thread, which is one of the config.threads I/O threads. Call once.
    void run();

    // Thread-safe, idempotent, also callable before run(). Readiness turns
    // false at once; after config.shutdown_delay (serving as before) the
    // listener closes, idle connections close, in-flight requests get
    // shutdown_grace to finish (their responses carry Connection: close),
    // and whatever remains is cut.
    void stop();

    bool ready() const noexcept { return !stopping_; }

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> delay_then_drain();
    boost::asio::awaitable<void> drain();
    boost::asio::awaitable<void> flush_access_log();
    // Waits up to `limit` for the last connection to go; true if it went.
    boost::asio::awaitable<bool> wait_until_empty(std::chrono::milliseconds limit);
    void close_connections(bool idle_only);

    // Declared first so that it is destroyed last: pending session frames
    // destroyed with it may still reach the members below.
    boost::asio::io_context io_;
    const config::server_config config_;
    session_services services_;
    std::string listener_name_;
    std::optional<boost::asio::ssl::context> tls_;
    boost::asio::strand<boost::asio::io_context::executor_type> control_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer drain_timer_;
    boost::asio::steady_timer flush_timer_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
};

} // namespace server
