#pragma once
// A cached access token shared by every request to one target. However many
// requests need a token at once, one fetch (login, refresh or OAuth2 token
// request) runs and all of them await its result. The token is reused until
// `skew` before its expiry, or until the vendor answers 401 to it.

#include "connector/secret.hpp"
#include "connector/vendor_outcome.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace connector {

struct fetched_token {
    secret token;
    std::optional<std::chrono::steady_clock::time_point> expires;  // none = until a 401
    secret refresh_token;                                          // empty = none given
};

struct token_result {
    std::optional<secret> token;  // set on success
    vendor_outcome failure;       // why not, otherwise
};

class token_provider {
public:
    using clock = std::chrono::steady_clock;
    // Given the refresh token held (empty = none: log in from scratch).
    // Fills `token` or reports why not in `outcome`.
    struct fetch_result {
        std::optional<fetched_token> token;
        vendor_outcome outcome;
    };
    using fetch_function =
        std::function<boost::asio::awaitable<fetch_result>(const secret& refresh_token, clock::time_point deadline)>;

    token_provider(fetch_function fetch, std::chrono::seconds skew);

    boost::asio::awaitable<token_result> get(clock::time_point deadline);

    // The vendor refused `rejected`: forget it, unless a newer token already
    // replaced it (many requests may report the same stale token).
    void invalidate(const secret& rejected);

    unsigned fetches() const;

private:
    struct waiter {
        boost::asio::any_io_executor executor;  // the waiting coroutine's, to resume it there
        boost::asio::any_completion_handler<void(token_result)> handler;
    };

    std::optional<secret> usable_token(clock::time_point now) const;  // mutex held
    boost::asio::awaitable<void> run_fetch(clock::time_point deadline);

    fetch_function fetch_;
    std::chrono::seconds skew_;
    mutable std::mutex mutex_;
    std::optional<fetched_token> cached_;
    secret refresh_token_;
    bool fetching_ = false;
    unsigned fetches_ = 0;
    std::vector<waiter> waiters_;
};

} // namespace connector
