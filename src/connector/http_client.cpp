#include "connector/http_client.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace connector {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

asio::ssl::context make_tls_context(const tls_settings& tls)
{
    asio::ssl::context context(asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    const auto load = [](const std::string& what, const std::string& file, auto&& step) {
        error_code ec;
        step(ec);
        if (ec)
            throw std::runtime_error("cannot load " + what + " '" + file + "': " + ec.message());
    };
    if (tls.ca_bundle_file.empty())
        load("system CA certificates", "", [&](error_code& ec) { context.set_default_verify_paths(ec); });
    else
        load("CA bundle", tls.ca_bundle_file, [&](error_code& ec) { context.load_verify_file(tls.ca_bundle_file, ec); });
    if (!tls.client_certificate_file.empty()) {
        load("client certificate", tls.client_certificate_file,
             [&](error_code& ec) { context.use_certificate_chain_file(tls.client_certificate_file, ec); });
        load("client key", tls.client_key_file,
             [&](error_code& ec) { context.use_private_key_file(tls.client_key_file, asio::ssl::context::pem, ec); });
    }
    context.set_verify_mode(tls.verify ? asio::ssl::verify_peer : asio::ssl::verify_none);
    return context;
}

} // namespace

http_client::http_client(const tls_settings& tls, options opts)
    : tls_(make_tls_context(tls)), verify_(tls.verify), options_(opts)
{
}

asio::awaitable<exchange_result> http_client::exchange(const origin& where, http_request request,
                                                       std::chrono::milliseconds connect_timeout,
                                                       std::chrono::milliseconds read_timeout,
                                                       clock::time_point deadline)
{
    exchange_result result;
    const std::string key = where.key();
    auto conn = take_idle(key);
    if (!conn) {
        auto [error, fresh] = co_await connection::open(where, &tls_, verify_,
                                                        std::min(clock::now() + connect_timeout, deadline));
        if (error) {
            result.error = error;
            co_return result;
        }
        ++opened_;
        conn = std::move(fresh);
    }

    request.keep_alive(true);
    request.prepare_payload();
    response_parser parser;
    parser.body_limit(options_.body_limit);
    result.request_sent = true;
    result.error = co_await conn->exchange(request, parser, std::min(clock::now() + read_timeout, deadline));
    if (result.error)
        co_return result;  // the connection dies with `conn`
    result.response = parser.release();
    if (result.response.keep_alive())
        give_back(key, std::move(conn));
    co_return result;
}

std::unique_ptr<connection> http_client::take_idle(const std::string& key)
{
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    const auto now = clock::now();
    while (!idle.empty()) {
        auto conn = std::move(idle.back());
        idle.pop_back();
        if (now - conn->idle_since < options_.idle_timeout && conn->idle_and_open())
            return conn;
    }
    return nullptr;
}

void http_client::give_back(const std::string& key, std::unique_ptr<connection> conn)
{
    conn->idle_since = clock::now();
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (idle.size() < options_.max_idle_per_origin)
        idle.push_back(std::move(conn));
}

} // namespace connector
