#include "server/http_session.hpp"

#include "server/error_response.hpp"
#include "server/request_id.hpp"

#include "observability/process_metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <cerrno>
#include <exception>

#include <sys/socket.h>

namespace server {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// HTTP/1.1 only: a 1.0 client is never sent an interim response.
bool expects_continue(const http::request_header<>& header) {
    return header.version() >= 11 && beast::iequals(header[http::field::expect], "100-continue");
}

constexpr std::size_t first_read_size = 4096;
// After refusing a request whose body is still arriving, keep reading (and
// discarding) for a moment: closing with unread data makes the kernel send
// a reset, and the client would never see the refusal.
constexpr auto linger_time = std::chrono::seconds(1);
constexpr std::size_t linger_bytes = 8 * 1024 * 1024;

std::string remote_of(const asio::ip::tcp::socket& socket) {
    boost::system::error_code error;
    const auto endpoint = socket.remote_endpoint(error);
    return error ? std::string("unknown") : endpoint.address().to_string();
}

http_response json_status(http::status status, std::string_view body, unsigned version) {
    http_response response{status, version};
    response.set(http::field::content_type, "application/json");
    response.set(http::field::cache_control, "no-store");
    response.body() = body;
    return response;
}

// Marks the request abandoned when the client closes its side while the
// request runs. Readiness alone proves nothing (the reactor may report the
// request's own bytes late), so the socket is asked with a non-blocking
// peek: 0 bytes is the client's FIN, data is a pipelined request (which
// says nothing of the client), EAGAIN was a stale wake-up: wait again.
// `watching` is cleared when the request ends, before anything else is
// done with the socket: a wake-up queued by then neither peeks nor re-arms.
struct disconnect_watch {
    bool watching = true;
    std::shared_ptr<std::atomic<bool>> abandoned;
};

void watch_for_disconnect(asio::ip::tcp::socket& socket, std::shared_ptr<disconnect_watch> watch) {
    socket.async_wait(asio::socket_base::wait_read, [&socket, watch](boost::system::error_code error) mutable {
        if (error || !watch->watching)
            return;
        char probe = 0;
        const auto got = ::recv(socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
        if (got > 0)
            return;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            watch_for_disconnect(socket, std::move(watch));
            return;
        }
        watch->abandoned->store(true, std::memory_order_release);
    });
}

asio::awaitable<void> close_gracefully(beast::tcp_stream& stream, bool linger) {
    boost::system::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    if (linger) {
        std::array<char, 16 * 1024> discard{};
        stream.expires_after(linger_time);
        for (std::size_t total = 0; total < linger_bytes;) {
            auto [error, bytes] = co_await stream.async_read_some(asio::buffer(discard), use_tuple);
            if (error) break;
            total += bytes;
        }
    }
    stream.socket().close(ignored);
}

asio::awaitable<void> close_gracefully(beast::ssl_stream<beast::tcp_stream>& stream, bool /*linger*/) {
    // A TLS close_notify tells the client the response was complete.
    beast::get_lowest_layer(stream).expires_after(linger_time);
    co_await stream.async_shutdown(use_tuple);
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
}

} // namespace

http_session::http_session(session_services services, std::shared_ptr<session_handle> handle, std::string remote)
    : services_(std::move(services)), handle_(std::move(handle)), remote_(std::move(remote)) {}

http_session::~http_session() {
    handle_->socket = nullptr;
    services_.registry->remove(handle_);
}

asio::awaitable<void> http_session::serve_plain(session_services services, std::shared_ptr<session_handle> handle,
                                                asio::ip::tcp::socket socket) {
    http_session session(std::move(services), std::move(handle), remote_of(socket));
    beast::tcp_stream stream(std::move(socket));
    session.handle_->socket = &stream.socket();
    try {
        co_await session.serve(stream, stream);
    } catch (const std::exception& error) {
        session.services_.events->error("session_failed", {{"remote", session.remote_}, {"what", error.what()}});
    }
}

asio::awaitable<void> http_session::serve_tls(session_services services, std::shared_ptr<session_handle> handle,
                                              asio::ip::tcp::socket socket, asio::ssl::context& tls) {
    http_session session(std::move(services), std::move(handle), remote_of(socket));
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), tls);
    beast::tcp_stream& transport = beast::get_lowest_layer(stream);
    session.handle_->socket = &transport.socket();
    try {
        transport.expires_after(session.services_.limits.request_timeout);
        auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (error) {
            session.services_.events->debug("tls_handshake_failed",
                                            {{"remote", session.remote_}, {"error", error.message()}});
            co_return;
        }
        co_await session.serve(stream, transport);
    } catch (const std::exception& error) {
        session.services_.events->error("session_failed", {{"remote", session.remote_}, {"what", error.what()}});
    }
}

template <typename Stream>
asio::awaitable<void> http_session::serve(Stream& stream, beast::tcp_stream& transport) {
    const config::limits_config& limits = services_.limits;
    beast::flat_buffer buffer;
    bool linger = false;
    // Declared outside the loop: GCC 12 loses a string assigned in the read
    // error branch across the co_await of the write when it lives inside it.
    std::string method;
    std::string target;
    beast::error_code read_error;  // assigned across the reads of header and body
    for (;;) {
        method.clear();
        target.clear();
        read_error = {};
        // Idle: shutdown may close this connection now.
        handle_->idle = true;
        if (services_.registry->draining()) break;
        if (buffer.size() == 0) {
            transport.expires_after(limits.idle_timeout);
            auto [error, bytes] = co_await stream.async_read_some(buffer.prepare(first_read_size), use_tuple);
            if (error) break;
            buffer.commit(bytes);
        }
        handle_->idle = false;

        request_context context;
        context.remote_address = remote_;
        context.received = std::chrono::steady_clock::now();
        context.deadline = context.received + limits.request_timeout;

        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
        parser.body_limit(limits.max_body_bytes);
        transport.expires_at(context.deadline);
        {
            auto [header_error, header_bytes] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
            read_error = header_error;
        }
        if (!read_error && !parser.is_done()) {
            // A client that sent `Expect: 100-continue` waits for the interim
            // answer before its body (RFC 9110 §10.1.1); curl gives up waiting
            // after a second. A body over the limit was refused above, on its
            // Content-Length, before the client sent it.
            if (expects_continue(parser.get())) {
                http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
                auto [continue_error, continue_bytes] = co_await http::async_write(stream, go_on, use_tuple);
                read_error = continue_error;
            }
            if (!read_error) {
                auto [body_error, body_bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
                read_error = body_error;
            }
        }

        http_response response;
        bool keep_alive = false;
        if (!read_error) {
            http_request request = parser.release();
            const auto id = request.find("X-Request-Id");
            context.request_id = id != request.end() && is_sane_request_id(id->value())
                                     ? std::string(id->value())
                                     : new_request_id();
            method = request.method_string();
            target = request.target();
            keep_alive = request.keep_alive() && !handle_->overflow;
            const unsigned version = request.version();
            // A write may wait (for a resource's lock, for a vendor): if the
            // client goes meanwhile, what has not started is not started.
            // Reads answer at once and skip the watch's two system calls.
            std::shared_ptr<disconnect_watch> watch;
            if (request.method() != http::verb::get && request.method() != http::verb::head) {
                context.abandoned = std::make_shared<std::atomic<bool>>(false);
                watch = std::make_shared<disconnect_watch>(disconnect_watch{true, context.abandoned});
                watch_for_disconnect(transport.socket(), watch);
            }
            response = co_await respond(std::move(request), context);
            if (watch) {
                watch->watching = false;
                boost::system::error_code ignored;
                transport.socket().cancel(ignored);
            }
            response.version(version);
        } else {
            context.request_id = new_request_id();
            // The start line is parsed before either limit can trip; when it
            // is not, these are empty.
            method = parser.get().method_string();
            target = parser.get().target();
            linger = true;
            if (read_error == http::error::body_limit) {
                response = scim_error_response(http::status::payload_too_large,
                                               "the request body exceeds " + std::to_string(limits.max_body_bytes) +
                                                   " bytes",
                                               11, false, "invalidValue");
            } else if (read_error == http::error::header_limit) {
                response = scim_error_response(http::status::request_header_fields_too_large,
                                               "the request header exceeds " +
                                                   std::to_string(limits.max_header_bytes) + " bytes",
                                               11, false);
            } else if (read_error.category() == beast::http::make_error_code(http::error::bad_method).category()) {
                response = scim_error_response(http::status::bad_request, "malformed HTTP request", 11, false);
            } else {
                break;  // closed, reset or timed out: nobody to answer
            }
        }
        keep_alive = keep_alive && !services_.registry->draining();
        response.keep_alive(keep_alive);
        response.set("X-Request-Id", context.request_id);
        response.prepare_payload();

        count(context, method, target, response);
        transport.expires_after(limits.request_timeout);
        auto [write_error, written] = co_await http::async_write(stream, response, use_tuple);
        log_access(context, method, target, response);
        if (write_error || !keep_alive) break;
    }
    handle_->idle = false;
    co_await close_gracefully(stream, linger);
}

asio::awaitable<http_response> http_session::respond(http_request request, request_context& context) {
    const unsigned version = request.version();
    const std::string_view target = request.target();
    const std::string_view path = target.substr(0, target.find('?'));
    if (handle_->overflow) {
        http_response response = scim_error_response(
            http::status::service_unavailable, "the server is at its connection limit, retry later", version, false);
        response.set(http::field::retry_after, "1");
        co_return response;
    }
    // Probes are answered here so that they work whatever the handler does.
    if (services_.answer_probes && path == "/healthz") {
        co_return json_status(http::status::ok, R"({"status":"ok"})", version);
    }
    if (services_.answer_probes && path == "/readyz") {
        co_return services_.registry->ready()
            ? json_status(http::status::ok, R"({"status":"ready"})", version)
            : json_status(http::status::service_unavailable, R"({"status":"draining"})", version);
    }
    std::string failure;
    try {
        co_return co_await services_.handler->handle(std::move(request), context);
    } catch (const std::exception& error) {
        failure = error.what();
    } catch (...) {
        failure = "unknown exception";
    }
    services_.events->error("handler_failed", {{"request_id", context.request_id}, {"what", failure}});
    co_return scim_error_response(http::status::internal_server_error,
                                  "internal error; the server log has the details under request id " +
                                      context.request_id,
                                  version, false);
}

void http_session::count(const request_context& context, std::string_view method, std::string_view target,
                         const http_response& response) const {
    const auto elapsed = std::chrono::steady_clock::now() - context.received;
    auto& metrics = observability::process_metrics();
    const unsigned status = response.result_int();
    if (services_.count_requests) {
        metrics.scim_request(context.target, target, method, status, elapsed);
    }
    if (handle_->overflow) {
        metrics.limit_refusal("connections");
    } else if (status == 413) {
        metrics.limit_refusal("body");
    } else if (status == 431) {
        metrics.limit_refusal("header");
    }
}

void http_session::log_access(const request_context& context, std::string_view method, std::string_view target,
                              const http_response& response) const {
    if (services_.access == nullptr) {
        return;
    }
    const auto elapsed = std::chrono::steady_clock::now() - context.received;
    access_record entry;
    entry.time = std::chrono::system_clock::now();
    entry.request_id = context.request_id;
    entry.remote = context.remote_address;
    entry.target = context.target;
    entry.method = method;
    entry.request_target = target;
    entry.status = response.result_int();
    entry.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    entry.bytes = response.body().size();
    services_.access->record(entry);
}

} // namespace server
