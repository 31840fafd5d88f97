#pragma once
// The connector facade: one per target. send() applies authentication, the
// rate and concurrency limits, retries with backoff and the operation
// deadline, and classifies the result; it never throws for a vendor's
// behaviour, and no thread ever blocks on the vendor.

#include "connector/async_semaphore.hpp"
#include "connector/audit_sink.hpp"
#include "connector/connection_config.hpp"
#include "connector/http_client.hpp"
#include "connector/token_bucket.hpp"
#include "connector/token_provider.hpp"
#include "connector/vendor_outcome.hpp"
#include "connector/vendor_request.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace connector {

class vendor_connector {
public:
    using clock = std::chrono::steady_clock;

    // Throws std::invalid_argument for an unusable configuration and
    // std::runtime_error for unreadable TLS files: start-up failures.
    explicit vendor_connector(connection_config config, std::shared_ptr<audit_sink> audit = nullptr);

    boost::asio::awaitable<vendor_result> send(vendor_request request);

    const connection_config& config() const noexcept { return config_; }
    std::size_t connections_opened() const noexcept { return client_.connections_opened(); }
    unsigned token_fetches() const { return tokens_ ? tokens_->fetches() : 0; }

private:
    struct resolved_target {
        origin where;
        std::string request_target;  // path + query as sent on the request line
        std::string host_header;
    };

    struct attempt_result {
        std::optional<vendor_response> response;
        std::optional<vendor_outcome> failure;  // transport failure, limit wait, malformed response
        bool retryable = false;
        bool request_sent = false;
    };

    std::optional<resolved_target> resolve(std::string_view target) const;
    boost::asio::awaitable<vendor_result> execute(vendor_request request, clock::time_point deadline, bool authenticate);
    boost::asio::awaitable<attempt_result> attempt_once(const resolved_target& target, http_request message,
                                                        const vendor_request& request, unsigned attempt,
                                                        clock::time_point deadline, bool login);
    attempt_result read_response(http_response message, std::chrono::milliseconds latency) const;
    void audit(const vendor_request& request, unsigned status, std::chrono::milliseconds latency, unsigned attempt,
               std::string_view error, bool login) const;

    connection_config config_;
    std::shared_ptr<audit_sink> audit_;
    http_client client_;
    async_semaphore concurrency_;
    token_bucket rate_;
    std::vector<header_field> static_headers_;  // API keys, bearer, basic: sent on every request
    std::unique_ptr<token_provider> tokens_;    // login and OAuth2 flows
    std::string token_header_;
    std::string token_prefix_;
};

} // namespace connector
