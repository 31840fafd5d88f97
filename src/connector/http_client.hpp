#pragma once
// Single HTTP exchanges with per-origin keep-alive pools. Knows nothing of
// retries, auth or limits (the vendor_connector's business): it connects,
// sends, reads within the deadlines it is given, and never reuses a
// connection that failed or timed out.

#include "connector/connection.hpp"
#include "connector/connection_config.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace connector {

struct exchange_result {
    boost::system::error_code error;  // transport failure; `response` is then meaningless
    // Connect-stage failures (resolve, connect, handshake) never sent the
    // request, so repeating them is safe whatever the method.
    bool request_sent = false;
    http_response response;
};

class http_client {
public:
    using clock = std::chrono::steady_clock;

    struct options {
        std::size_t max_idle_per_origin = 8;
        std::chrono::milliseconds idle_timeout{30'000};
        std::size_t body_limit = 8 * 1024 * 1024;
    };

    // Throws std::runtime_error naming the file when a CA bundle or client
    // certificate cannot be loaded: a start-up failure.
    http_client(const tls_settings& tls, options opts);

    // Connect (if no pooled connection) within `connect_timeout`, then write
    // and read within `read_timeout`, neither beyond `deadline`.
    boost::asio::awaitable<exchange_result> exchange(const origin& where, http_request request,
                                                     std::chrono::milliseconds connect_timeout,
                                                     std::chrono::milliseconds read_timeout,
                                                     clock::time_point deadline);

    // Connections opened so far (pool reuse shows as a small number).
    std::size_t connections_opened() const noexcept { return opened_.load(); }

private:
    std::unique_ptr<connection> take_idle(const std::string& key);
    void give_back(const std::string& key, std::unique_ptr<connection> conn);

    boost::asio::ssl::context tls_;
    bool verify_;
    options options_;
    std::atomic<std::size_t> opened_{0};
    std::mutex mutex_;
    std::map<std::string, std::vector<std::unique_ptr<connection>>> idle_;
};

} // namespace connector
