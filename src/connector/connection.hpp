#pragma once
// One connection to a vendor, plain or TLS, used for one exchange at a time
// and kept alive between exchanges by the http_client's pool.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace connector {

namespace http = boost::beast::http;
using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;
using response_parser = http::response_parser<http::string_body>;

// Where a connection goes; connections are pooled per origin.
struct origin {
    bool tls = false;
    std::string host;  // name or address, without brackets
    std::string port;

    std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

class connection {
public:
    using clock = std::chrono::steady_clock;
    using tls_stream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

    // Resolves, connects and, for https, handshakes with SNI and (when the
    // context verifies) host name verification, all before `deadline`.
    // `tls` must be set for an https origin.
    static boost::asio::awaitable<std::pair<boost::system::error_code, std::unique_ptr<connection>>>
    open(const origin& where, boost::asio::ssl::context* tls, bool verify, clock::time_point deadline);

    // Writes the request and reads the whole response into `parser`, both
    // before `deadline`. After any error the connection must be discarded.
    boost::asio::awaitable<boost::system::error_code>
    exchange(http_request& request, response_parser& parser, clock::time_point deadline);

    // An idle connection may be reused only if the peer has not closed it
    // and sent nothing unsolicited (a close_notify, an error page).
    bool idle_and_open();

    clock::time_point idle_since{};

private:
    explicit connection(const boost::asio::any_io_executor& executor);
    connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls);

    boost::beast::tcp_stream& tcp();

    template <typename Stream>
    boost::asio::awaitable<boost::system::error_code>
    exchange_on(Stream& stream, http_request& request, response_parser& parser, clock::time_point deadline);

    std::optional<boost::beast::tcp_stream> plain_;
    std::optional<tls_stream> tls_;
    boost::beast::flat_buffer buffer_;
};

} // namespace connector
