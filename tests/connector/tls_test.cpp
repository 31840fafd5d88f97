// TLS to the vendor: certificate chain and host name verification, on by
// default, against a CA made for this test run.

#include "connector/test_helpers.hpp"
#include "connector/test_pki.hpp"
#include "connector/vendor_connector.hpp"

using namespace connector;
using namespace connector_test;
namespace asio = boost::asio;

namespace {

asio::ssl::context server_context()
{
    const auto& pki = shared_test_pki();
    asio::ssl::context context(asio::ssl::context::tls_server);
    context.use_certificate_chain_file(pki.server_certificate.string());
    context.use_private_key_file(pki.server_key.string(), asio::ssl::context::pem);
    return context;
}

vendor_result send_once(asio::io_context& io, const connection_config& config)
{
    vendor_connector vendor(config);
    vendor_result result;
    run(io, [&]() -> asio::awaitable<void> { result = co_await vendor.send(get_request("/users")); }());
    return result;
}

} // namespace

TEST_CASE("TLS: the vendor's certificate is accepted with the configured CA bundle", "[connector][tls]")
{
    asio::io_context io;
    auto tls = server_context();
    loopback_server server(io, [](const received_request&) { return scripted_reply{200, R"({"secure":true})"}; }, &tls);
    auto config = config_for(server.url("localhost"));
    config.tls.ca_bundle_file = shared_test_pki().ca_certificate.string();
    const auto result = send_once(io, config);
    CHECK(result.ok());
    CHECK(server.requests() == 1);
}

TEST_CASE("TLS: an unknown CA is a fatal failure - not retried", "[connector][tls]")
{
    asio::io_context io;
    auto tls = server_context();
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; }, &tls);
    const auto result = send_once(io, config_for(server.url("localhost")));  // system CAs only
    CHECK(result.outcome.kind == outcome_kind::fatal);
    CHECK(result.outcome.detail.find("TLS failure") != std::string::npos);
    CHECK(result.attempts == 1);
    CHECK(server.requests() == 0);
}

TEST_CASE("TLS: a certificate for another host name is refused", "[connector][tls]")
{
    asio::io_context io;
    auto tls = server_context();
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; }, &tls);
    auto config = config_for(server.url("127.0.0.1"));  // the certificate names only "localhost"
    config.tls.ca_bundle_file = shared_test_pki().ca_certificate.string();
    const auto result = send_once(io, config);
    CHECK(result.outcome.kind == outcome_kind::fatal);
    CHECK(result.outcome.detail.find("TLS failure") != std::string::npos);
    CHECK(server.requests() == 0);
}

TEST_CASE("TLS: verification can be switched off explicitly", "[connector][tls]")
{
    asio::io_context io;
    auto tls = server_context();
    loopback_server server(io, [](const received_request&) { return scripted_reply{}; }, &tls);
    auto config = config_for(server.url("127.0.0.1"));
    config.tls.verify = false;
    CHECK(send_once(io, config).ok());
}

TEST_CASE("TLS: an unreadable CA bundle fails at start-up", "[connector][tls]")
{
    auto config = config_for("https://localhost:1");
    config.tls.ca_bundle_file = "/nonexistent/ca.pem";
    CHECK_THROWS_WITH(vendor_connector(config), Catch::Contains("/nonexistent/ca.pem"));
}
