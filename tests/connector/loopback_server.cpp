#include "connector/loopback_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace connector_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

struct loopback_server::state {
    explicit state(asio::io_context& io) : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
    tcp::acceptor acceptor;
    handler handle;
    asio::ssl::context* tls = nullptr;
    std::size_t connections = 0;
    std::size_t in_flight = 0;
    std::size_t max_in_flight = 0;
    std::vector<received_request> received;
};

namespace {

using state_ptr = std::shared_ptr<loopback_server::state>;

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

template <typename Stream>
asio::awaitable<void> serve(state_ptr s, Stream& stream, std::size_t index)
{
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        auto [read_error, n] = co_await http::async_read(stream, buffer, request, asio::as_tuple(asio::use_awaitable));
        if (read_error)
            co_return;
        received_request seen{std::string(request.method_string()), std::string(request.target()), {}, request.body(), index};
        for (const auto& field : request)
            seen.headers[lower(std::string(field.name_string()))] = std::string(field.value());
        s->received.push_back(seen);
        s->max_in_flight = std::max(s->max_in_flight, ++s->in_flight);
        const scripted_reply reply = s->handle(seen);
        if (reply.delay.count() > 0) {
            asio::steady_timer timer(co_await asio::this_coro::executor, reply.delay);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        --s->in_flight;
        if (reply.what == scripted_reply::action::close)
            co_return;

        http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
        response.set(http::field::content_type, reply.content_type);
        for (const auto& [name, value] : reply.headers)
            response.set(name, value);
        response.body() = reply.body;
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        if (reply.what == scripted_reply::action::truncate) {
            std::ostringstream head;
            head << response.base();
            const std::string raw = head.str() + reply.body.substr(0, reply.body.size() / 2);
            co_await asio::async_write(stream, asio::buffer(raw), asio::as_tuple(asio::use_awaitable));
            co_return;
        }
        auto [write_error, written] = co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
        if (write_error || !response.keep_alive())
            co_return;
    }
}

asio::awaitable<void> serve_plain(state_ptr s, tcp::socket socket, std::size_t index)
{
    beast::tcp_stream stream(std::move(socket));
    co_await serve(s, stream, index);
}

asio::awaitable<void> serve_tls(state_ptr s, tcp::socket socket, std::size_t index)
{
    asio::ssl::stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *s->tls);
    auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
    if (!error)
        co_await serve(s, stream, index);
}

asio::awaitable<void> accept_loop(state_ptr s)
{
    for (;;) {
        auto [error, socket] = co_await s->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (error)
            co_return;
        const std::size_t index = ++s->connections;
        auto executor = socket.get_executor();
        if (s->tls)
            asio::co_spawn(executor, serve_tls(s, std::move(socket), index), asio::detached);
        else
            asio::co_spawn(executor, serve_plain(s, std::move(socket), index), asio::detached);
    }
}

} // namespace

std::string received_request::header(const std::string& lower_case_name) const
{
    const auto found = headers.find(lower_case_name);
    return found == headers.end() ? std::string() : found->second;
}

loopback_server::loopback_server(asio::io_context& io, handler handle, asio::ssl::context* tls)
    : state_(std::make_shared<state>(io))
{
    state_->handle = std::move(handle);
    state_->tls = tls;
    asio::co_spawn(io, accept_loop(state_), asio::detached);
}

loopback_server::~loopback_server()
{
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
}

unsigned short loopback_server::port() const { return state_->acceptor.local_endpoint().port(); }

std::string loopback_server::url(const std::string& host) const
{
    return std::string(state_->tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

std::size_t loopback_server::connections() const { return state_->connections; }
std::size_t loopback_server::requests() const { return state_->received.size(); }
std::size_t loopback_server::max_in_flight() const { return state_->max_in_flight; }
const std::vector<received_request>& loopback_server::received() const { return state_->received; }

} // namespace connector_test
