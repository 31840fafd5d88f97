#include "connector/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>

namespace connector {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using asio::ip::tcp;

connection::connection(const asio::any_io_executor& executor) { plain_.emplace(executor); }

connection::connection(const asio::any_io_executor& executor, asio::ssl::context& tls)
{
    tls_.emplace(executor, tls);
}

beast::tcp_stream& connection::tcp()
{
    return tls_ ? tls_->next_layer() : *plain_;
}

asio::awaitable<std::pair<error_code, std::unique_ptr<connection>>>
connection::open(const origin& where, asio::ssl::context* tls, bool verify, clock::time_point deadline)
{
    using namespace asio::experimental::awaitable_operators;
    auto executor = co_await asio::this_coro::executor;
    std::unique_ptr<connection> result(where.tls ? new connection(executor, *tls) : new connection(executor));

    // Asio's resolver has no deadline of its own: race it against a timer.
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor, deadline);
    auto resolved = co_await (resolver.async_resolve(where.host, where.port, asio::as_tuple(asio::use_awaitable)) ||
                              timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (resolved.index() == 1)
        co_return std::pair{error_code(beast::error::timeout), nullptr};
    auto [resolve_error, endpoints] = std::get<0>(std::move(resolved));
    if (resolve_error)
        co_return std::pair{resolve_error, nullptr};

    result->tcp().expires_at(deadline);
    auto [connect_error, endpoint] = co_await result->tcp().async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (connect_error)
        co_return std::pair{connect_error, nullptr};
    result->tcp().socket().set_option(tcp::no_delay(true));

    if (where.tls) {
        auto& stream = *result->tls_;
        error_code ip_error;
        asio::ip::make_address(where.host, ip_error);
        // SNI carries names only (RFC 6066); an address is verified against the certificate's IP entries.
        if (ip_error && !SSL_set_tlsext_host_name(stream.native_handle(), where.host.c_str()))
            co_return std::pair{error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()), nullptr};
        if (verify)
            stream.set_verify_callback(asio::ssl::host_name_verification(where.host));
        auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::client,
                                                                 asio::as_tuple(asio::use_awaitable));
        if (handshake_error)
            co_return std::pair{handshake_error, nullptr};
    }
    result->tcp().expires_never();
    co_return std::pair{error_code{}, std::move(result)};
}

template <typename Stream>
asio::awaitable<error_code>
connection::exchange_on(Stream& stream, http_request& request, response_parser& parser, clock::time_point deadline)
{
    tcp().expires_at(deadline);
    auto [write_error, written] = co_await http::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
    if (write_error)
        co_return write_error;
    auto [read_error, read] = co_await http::async_read(stream, buffer_, parser, asio::as_tuple(asio::use_awaitable));
    // An idle pooled connection must not be closed by a stale deadline.
    tcp().expires_never();
    co_return read_error;
}

asio::awaitable<error_code> connection::exchange(http_request& request, response_parser& parser, clock::time_point deadline)
{
    if (tls_)
        co_return co_await exchange_on(*tls_, request, parser, deadline);
    co_return co_await exchange_on(*plain_, request, parser, deadline);
}

bool connection::idle_and_open()
{
    auto& socket = tcp().socket();
    if (!socket.is_open() || buffer_.size() != 0)
        return false;
    error_code ec;
    socket.non_blocking(true, ec);
    if (ec)
        return false;
    std::array<char, 1> probe{};
    socket.receive(asio::buffer(probe), tcp::socket::message_peek, ec);
    return ec == asio::error::would_block;
}

} // namespace connector
