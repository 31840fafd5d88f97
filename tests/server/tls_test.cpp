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

namespace {

// Whether a TLS 1.2 client offering only `suites` completes a handshake.
bool tls12_handshake_with(std::uint16_t port, const char* suites)
{
    asio::io_context io;
    ssl::context client_context{ssl::context::tls_client};
    client_context.set_options(ssl::context::no_tlsv1_3);
    REQUIRE(SSL_CTX_set_cipher_list(client_context.native_handle(), suites) == 1);
    ssl::stream<asio::ip::tcp::socket> stream(io, client_context);
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code error;
    stream.handshake(ssl::stream_base::client, error);
    return !error;
}

} // namespace

TEST_CASE("TLS 1.2 offers forward-secret AEAD suites only, unless tls.ciphers says otherwise", "[server][tls]") {
    const server_test::self_signed_certificate certificate;  // an ECDSA key
    config::server_config config = server_test::test_config();
    config.tls = config::tls_config{certificate.certificate_file(), certificate.private_key_file()};
    {
        server_test::running_server server(config);
        CHECK(tls12_handshake_with(server.port(), "ECDHE-ECDSA-AES128-GCM-SHA256"));
        CHECK(tls12_handshake_with(server.port(), "ECDHE-ECDSA-CHACHA20-POLY1305"));
        CHECK_FALSE(tls12_handshake_with(server.port(), "ECDHE-ECDSA-AES128-SHA"));     // CBC with SHA-1
        CHECK_FALSE(tls12_handshake_with(server.port(), "ECDHE-ECDSA-AES256-SHA384"));  // CBC
    }
    config.tls->ciphers = "ECDHE-ECDSA-AES128-SHA";  // the operator's explicit choice
    {
        server_test::running_server server(config);
        CHECK(tls12_handshake_with(server.port(), "ECDHE-ECDSA-AES128-SHA"));
    }
    config.tls->ciphers = config::default_tls_ciphers;
    config.tls->tls13_only = true;
    {
        server_test::running_server server(config);
        CHECK_FALSE(tls12_handshake_with(server.port(), "ECDHE-ECDSA-AES128-GCM-SHA256"));
    }
    config.tls->ciphers = "NO-SUCH-SUITE";
    CHECK_THROWS_WITH(server_test::running_server(config), Catch::Contains("tls.ciphers"));
}
