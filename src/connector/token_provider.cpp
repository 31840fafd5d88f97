#include "connector/token_provider.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>

namespace connector {

namespace asio = boost::asio;

token_provider::token_provider(fetch_function fetch, std::chrono::seconds skew)
    : fetch_(std::move(fetch)), skew_(skew)
{
}

std::optional<secret> token_provider::usable_token(clock::time_point now) const
{
    if (!cached_ || (cached_->expires && now + skew_ >= *cached_->expires))
        return std::nullopt;
    return cached_->token;
}

asio::awaitable<token_result> token_provider::get(clock::time_point deadline)
{
    {
        std::lock_guard lock(mutex_);
        if (auto token = usable_token(clock::now()))
            co_return token_result{std::move(token), {}};
    }
    auto executor = co_await asio::this_coro::executor;
    auto initiate = [this, deadline, executor](auto handler) {
        bool start = false;
        {
            std::lock_guard lock(mutex_);
            if (auto token = usable_token(clock::now())) {
                asio::post(executor, [h = std::move(handler), t = std::move(*token)]() mutable {
                    std::move(h)(token_result{std::move(t), {}});
                });
                return;
            }
            waiters_.push_back(waiter{executor, std::move(handler)});
            start = !fetching_;
            fetching_ = true;
        }
        // Outside the lock: co_spawn may start the coroutine inline.
        if (start)
            asio::co_spawn(executor, run_fetch(deadline), asio::detached);
    };
    // Not `co_return co_await`: GCC 12 destroys this frame's locals twice in that form.
    auto result = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(token_result)>(
        std::move(initiate), asio::use_awaitable);
    co_return result;
}

asio::awaitable<void> token_provider::run_fetch(clock::time_point deadline)
{
    secret refresh;
    {
        std::lock_guard lock(mutex_);
        refresh = refresh_token_;
        ++fetches_;
    }
    fetch_result fetched;
    try {
        fetched = co_await fetch_(refresh, deadline);
        // A refused refresh token is no reason to give up: log in afresh.
        if (!fetched.token && !refresh.reveal().empty() && clock::now() < deadline)
            fetched = co_await fetch_(secret{}, deadline);
    } catch (const std::exception& e) {
        fetched = fetch_result{std::nullopt, {outcome_kind::fatal, std::string("token fetch failed: ") + e.what(), {}}};
    }

    std::vector<waiter> waiters;
    token_result result;
    {
        std::lock_guard lock(mutex_);
        if (fetched.token) {
            cached_ = fetched.token;
            refresh_token_ = fetched.token->refresh_token;
            result.token = fetched.token->token;
        } else {
            cached_.reset();
            refresh_token_ = secret{};
            result.failure = fetched.outcome;
        }
        fetching_ = false;
        waiters.swap(waiters_);
    }
    // Every waiter gets this result, even a token already inside the skew
    // window: it was fetched for them a moment ago.
    for (auto& w : waiters)
        asio::post(w.executor, [h = std::move(w.handler), result]() mutable { std::move(h)(std::move(result)); });
}

void token_provider::invalidate(const secret& rejected)
{
    std::lock_guard lock(mutex_);
    if (cached_ && cached_->token == rejected)
        cached_.reset();
}

unsigned token_provider::fetches() const
{
    std::lock_guard lock(mutex_);
    return fetches_;
}

} // namespace connector
