#pragma once
// A small synchronous HTTP/1.1 client for tests: connects to 127.0.0.1:port,
// keeps the connection open between requests (reconnecting when the server
// closed it) and gives every operation a timeout so that a broken server
// fails the test instead of hanging it.

#include "server/http_types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test_support {

using header_list = std::vector<std::pair<std::string, std::string>>;

class http_test_client {
public:
    explicit http_test_client(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // Sends one request and reads its response. A non-empty body without a
    // Content-Type header is sent as application/scim+json. Throws
    // boost::system::system_error on a connection failure or timeout.
    server::http_response request(server::http::verb method, std::string_view target, std::string body = {},
                                  const header_list& headers = {});
    server::http_response get(std::string_view target, const header_list& headers = {});
    // Full control over the request (Host and Content-Length are filled in).
    server::http_response send(server::http_request request);

    // Sends the header of `request` with `Expect: 100-continue`, waits for
    // the server's interim response, and sends the body only after a 100
    // (RFC 9110 §10.1.1). Returns the interim status (0 when the server
    // answered finally instead) and the final response.
    std::pair<unsigned, server::http_response> send_expecting_continue(server::http_request request);

    // Connects now (request() connects on demand).
    void connect();
    bool is_open() const;
    // The client side port: equal across requests means one connection.
    std::uint16_t local_port() const;
    void close();
    // Blocks until the server closes the connection (or the timeout); returns
    // the error that ended the read: eof or connection_reset when the server
    // closed it, beast::error::timeout when it did not, message_size when
    // the server sent data instead.
    boost::system::error_code wait_for_close();

private:
    template <typename Operation>
    boost::system::error_code run(Operation operation);

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    boost::asio::io_context io_;
    std::optional<boost::beast::tcp_stream> stream_;  // replaced on reconnect
    boost::beast::flat_buffer buffer_;
    bool open_ = false;
};

} // namespace test_support
