#include "server/self_signed_certificate.hpp"
#include "server/test_server_fixture.hpp"
#include "support/http_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>
#include <catch2/catch.hpp>

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = server::http;

TEST_CASE("with TLS configured the server speaks HTTPS, verified against its certificate", "[server][tls]") {
    const server_test::self_signed_certificate certificate;
    config::server_config config = server_test::test_config();
    config.tls = config::tls_config{certificate.certificate_file(), certificate.private_key_file()};
    server_test::running_server server(config);

    asio::io_context io;
    ssl::context client_context{ssl::context::tls_client};
    client_context.load_verify_file(certificate.certificate_file().string());
    client_context.set_verify_mode(ssl::verify_peer);
    ssl::stream<asio::ip::tcp::socket> stream(io, client_context);
    stream.set_verify_callback(ssl::host_name_verification("localhost"));
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), server.port()});
    stream.handshake(ssl::stream_base::client);

    boost::beast::flat_buffer buffer;
    for (const char* target : {"/healthz", "/Users/1"}) {
        server::http_request request{http::verb::get, target, 11};
        request.set(http::field::host, "localhost");
        http::write(stream, request);
        server::http_response response;
        http::read(stream, buffer, response);
        CHECK(response.result() == http::status::ok);
        CHECK(response.keep_alive());
        if (std::string_view(target) == "/Users/1") {
            CHECK(response.body() == "GET /Users/1 0");
        }
    }
}

TEST_CASE("with TLS configured plain HTTP is not served", "[server][tls]") {
    const server_test::self_signed_certificate certificate;
    config::server_config config = server_test::test_config();
    config.tls = config::tls_config{certificate.certificate_file(), certificate.private_key_file()};
    server_test::running_server server(config);
    test_support::http_test_client client(server.port());
    CHECK_THROWS_AS(client.get("/healthz"), boost::system::system_error);
}

TEST_CASE("unusable TLS files are reported with their path", "[server][tls]") {
    config::server_config config = server_test::test_config();
    config.tls = config::tls_config{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
    server::logger events(config::log_level::error);
    server_test::test_handler handler;
    CHECK_THROWS_WITH(server::http_server(config, handler, events),
                      Catch::Matchers::StartsWith("/nonexistent/cert.pem: cannot use the TLS certificate"));
}
