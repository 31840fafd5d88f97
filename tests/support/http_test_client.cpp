#include "support/http_test_client.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>

namespace test_support {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

http_test_client::http_test_client(std::uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout) {}

// Runs one asynchronous operation to completion on the private io_context:
// the async forms are the ones that honour tcp_stream's timeout.
template <typename Operation>
boost::system::error_code http_test_client::run(Operation operation) {
    boost::system::error_code result;
    stream_->expires_after(timeout_);
    operation([&result](boost::system::error_code error, auto&&...) { result = error; });
    io_.restart();
    io_.run();
    return result;
}

void http_test_client::connect() {
    close();
    stream_.emplace(io_);
    buffer_.clear();
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
    if (auto error = run([&](auto handler) { stream_->async_connect(endpoint, std::move(handler)); })) {
        throw boost::system::system_error(error, "connect");
    }
    open_ = true;
}

bool http_test_client::is_open() const {
    return open_;
}

std::uint16_t http_test_client::local_port() const {
    boost::system::error_code error;
    const auto endpoint = stream_->socket().local_endpoint(error);
    return error ? 0 : endpoint.port();
}

void http_test_client::close() {
    if (open_) {
        boost::system::error_code ignored;
        stream_->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        stream_->socket().close(ignored);
    }
    open_ = false;
}

server::http_response http_test_client::request(http::verb method, std::string_view target, std::string body,
                                                const header_list& headers) {
    server::http_request message{method, target, 11};
    for (const auto& [name, value] : headers) {
        message.insert(name, value);
    }
    if (!body.empty() && message.find(http::field::content_type) == message.end()) {
        message.set(http::field::content_type, "application/scim+json");
    }
    message.body() = std::move(body);
    return send(std::move(message));
}

server::http_response http_test_client::get(std::string_view target, const header_list& headers) {
    return request(http::verb::get, target, {}, headers);
}

server::http_response http_test_client::send(server::http_request request) {
    if (!open_) {
        connect();
    }
    if (request.find(http::field::host) == request.end()) {
        request.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    }
    request.prepare_payload();
    if (auto error = run([&](auto handler) { http::async_write(*stream_, request, std::move(handler)); })) {
        // The server may answer (413, 431) and close before reading it all.
        if (error != asio::error::broken_pipe && error != asio::error::connection_reset) {
            close();
            throw boost::system::system_error(error, "write");
        }
    }
    server::http_response response;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (auto error = run([&](auto handler) { http::async_read(*stream_, buffer_, parser, std::move(handler)); })) {
        close();
        throw boost::system::system_error(error, "read");
    }
    response = parser.release();
    if (!response.keep_alive()) {
        close();
    }
    return response;
}

std::pair<unsigned, server::http_response> http_test_client::send_expecting_continue(server::http_request request) {
    if (!open_) {
        connect();
    }
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    request.set(http::field::expect, "100-continue");
    request.prepare_payload();
    http::request_serializer<http::string_body> serializer(request);
    if (auto error = run([&](auto handler) { http::async_write_header(*stream_, serializer, std::move(handler)); })) {
        throw boost::system::system_error(error, "write header");
    }
    // A timeout here (the server never answered the header) throws.
    http::response_parser<http::empty_body> interim;
    if (auto error = run([&](auto handler) { http::async_read_header(*stream_, buffer_, interim, std::move(handler)); })) {
        close();
        throw boost::system::system_error(error, "read interim");
    }
    if (interim.get().result() != http::status::continue_) {
        // A final answer already (a refusal): read what remains of it.
        http::response_parser<http::string_body> final_parser(std::move(interim));
        run([&](auto handler) { http::async_read(*stream_, buffer_, final_parser, std::move(handler)); });
        return {0, final_parser.release()};
    }
    if (auto error = run([&](auto handler) { http::async_write(*stream_, serializer, std::move(handler)); })) {
        throw boost::system::system_error(error, "write body");
    }
    http::response_parser<http::string_body> parser;
    if (auto error = run([&](auto handler) { http::async_read(*stream_, buffer_, parser, std::move(handler)); })) {
        close();
        throw boost::system::system_error(error, "read");
    }
    return {100, parser.release()};
}

boost::system::error_code http_test_client::wait_for_close() {
    char byte = 0;
    const auto error = run([&](auto handler) { stream_->async_read_some(asio::buffer(&byte, 1), std::move(handler)); });
    if (error && error != beast::error::timeout) {
        open_ = false;
    }
    return error ? error : make_error_code(asio::error::message_size);
}

} // namespace test_support
