#include "server/http_server.hpp"

#include "server/accept_backoff.hpp"
#include "server/tls_context.hpp"

#include "observability/process_metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>
#include <thread>
#include <vector>

namespace server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto access_log_flush_interval = std::chrono::seconds(1);
// After the grace period the remaining connections are cut; their sessions
// need a moment to notice before the io_context stops under them.
constexpr auto cut_wait = std::chrono::milliseconds(500);

tcp::endpoint listen_endpoint(const config::listen_config& listen) {
    boost::system::error_code error;
    const auto address = asio::ip::make_address(listen.address, error);
    if (error) {
        throw std::runtime_error("listen.address '" + listen.address + "' is not an IP address");
    }
    return {address, listen.port};
}

} // namespace

http_server::http_server(const config::server_config& config, request_handler& handler, logger& events,
                         access_log* access, listener_options options)
    : config_(config),
      control_(asio::make_strand(io_)),
      acceptor_(control_),
      drain_timer_(control_),
      flush_timer_(control_) {
    services_.limits = config.limits;
    services_.handler = &handler;
    services_.events = &events;
    services_.access = access;
    services_.answer_probes = options.answer_probes;
    services_.count_requests = options.count_requests;
    listener_name_ = options.name;
    services_.registry = std::make_shared<connection_registry>(
        config.limits.max_connections, &observability::process_metrics().open_connections(options.name));
    if (config.tls) {
        tls_.emplace(make_server_tls_context(*config.tls));
    }
    const tcp::endpoint endpoint = listen_endpoint(config.listen);
    boost::system::error_code error;
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
        throw std::runtime_error("cannot listen on " + config.listen.address + ":" +
                                 std::to_string(config.listen.port) + ": " + error.message());
    }
    port_ = acceptor_.local_endpoint().port();
}

http_server::~http_server() = default;

void http_server::run() {
    services_.events->info("server_started", {{"address", config_.listen.address},
                                              {"port", std::to_string(port_)},
                                              {"tls", tls_ ? "true" : "false"},
                                              {"threads", std::to_string(config_.threads)}});
    asio::co_spawn(control_, accept_loop(), asio::detached);
    if (services_.access != nullptr) {
        asio::co_spawn(control_, flush_access_log(), asio::detached);
    }
    std::vector<std::jthread> extra_threads;
    for (unsigned i = 1; i < config_.threads; ++i) {
        extra_threads.emplace_back([this] { io_.run(); });
    }
    io_.run();
    extra_threads.clear();  // joins
    if (services_.access != nullptr) {
        services_.access->flush();
    }
    services_.events->info("server_stopped");
}

void http_server::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    // Sessions answer /readyz from here at once; the listener closes on the
    // control strand, where it lives.
    if (config_.shutdown_delay.count() > 0) {
        services_.registry->mark_unready();
        asio::co_spawn(control_, delay_then_drain(), asio::detached);
        return;
    }
    services_.registry->start_draining();
    asio::co_spawn(control_, drain(), asio::detached);
}

asio::awaitable<void> http_server::delay_then_drain() {
    services_.events->info("server_unready", {{"delay_ms", std::to_string(config_.shutdown_delay.count())}});
    drain_timer_.expires_after(config_.shutdown_delay);
    co_await drain_timer_.async_wait(use_tuple);
    services_.registry->start_draining();
    co_await drain();
}

asio::awaitable<void> http_server::accept_loop() {
    accept_backoff backoff;
    asio::steady_timer pause(control_);
    for (;;) {
        // Each connection gets its own strand so that shutdown can reach its
        // socket safely from here.
        auto strand = asio::make_strand(io_);
        auto [error, socket] = co_await acceptor_.async_accept(strand, use_tuple);
        if (error) {
            if (error == asio::error::operation_aborted || !acceptor_.is_open()) {
                co_return;
            }
            // Out of descriptors and the like: keep serving the others, and
            // try again later rather than at once (accept_backoff.hpp).
            observability::process_metrics().accept_failure(listener_name_, accept_backoff::reason_of(error));
            const auto next = backoff.failed(error, accept_backoff::clock::now());
            if (next.log_failures) {
                services_.events->warn("accept_failed", {{"error", error.message()},
                                                         {"failures", std::to_string(*next.log_failures)},
                                                         {"retry_ms", std::to_string(next.wait.count())}});
            }
            if (next.wait.count() > 0) {
                pause.expires_after(next.wait);
                co_await pause.async_wait(use_tuple);
            }
            continue;
        }
        backoff.succeeded();
        std::shared_ptr<session_handle> handle = services_.registry->admit(strand);
        if (!handle) {
            // Twice the limit: not even a 503 is written.
            observability::process_metrics().limit_refusal("connections");
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        if (tls_) {
            asio::co_spawn(strand, http_session::serve_tls(services_, std::move(handle), std::move(socket), *tls_),
                           asio::detached);
        } else {
            asio::co_spawn(strand, http_session::serve_plain(services_, std::move(handle), std::move(socket)),
                           asio::detached);
        }
    }
}

asio::awaitable<void> http_server::drain() {
    services_.events->info("server_draining", {{"connections", std::to_string(services_.registry->size())}});
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    close_connections(true);
    if (!co_await wait_until_empty(config_.shutdown_grace)) {
        services_.events->warn("shutdown_grace_expired",
                               {{"connections", std::to_string(services_.registry->size())}});
        close_connections(false);
        co_await wait_until_empty(std::chrono::duration_cast<std::chrono::milliseconds>(cut_wait));
    }
    flush_timer_.cancel();
    // Other work on this io_context (a signal_set, handlers stuck on a
    // vendor) must not keep run() from returning.
    io_.stop();
}

asio::awaitable<bool> http_server::wait_until_empty(std::chrono::milliseconds limit) {
    drain_timer_.expires_after(limit);
    // The last session may end on any thread; the timer lives on control_.
    const bool waiting = services_.registry->notify_when_empty([this] {
        asio::post(control_, [this] { drain_timer_.cancel(); });
    });
    if (!waiting) {
        co_return true;
    }
    co_await drain_timer_.async_wait(use_tuple);
    services_.registry->cancel_notification();
    co_return services_.registry->size() == 0;
}

void http_server::close_connections(bool idle_only) {
    for (const std::shared_ptr<session_handle>& handle : services_.registry->snapshot()) {
        asio::post(handle->executor, [handle, idle_only] {
            if (handle->socket != nullptr && (handle->idle || !idle_only)) {
                boost::system::error_code ignored;
                handle->socket->close(ignored);
            }
        });
    }
}

asio::awaitable<void> http_server::flush_access_log() {
    for (;;) {
        flush_timer_.expires_after(access_log_flush_interval);
        auto [error] = co_await flush_timer_.async_wait(use_tuple);
        services_.access->flush();
        if (error || stopping_) {
            co_return;
        }
    }
}

} // namespace server
