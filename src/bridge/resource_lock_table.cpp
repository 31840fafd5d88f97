#include "bridge/resource_lock_table.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <functional>
#include <vector>

namespace bridge {
namespace asio = boost::asio;

namespace {

// How often a waiter looks whether its caller has gone: an abandoned
// request leaves the queue within this.
constexpr auto abandon_check_interval = std::chrono::milliseconds(100);

} // namespace

// One queued request. Its timer and `resume` are touched only under the
// table's mutex; `resume` runs exactly once (granted, deadline or abandoned).
struct resource_lock_table::waiter {
    waiter(asio::any_io_executor executor, const request_scope& scope)
        : timer(std::move(executor)), deadline(scope.deadline), abandon(scope.abandon)
    {
    }
    asio::steady_timer timer;
    steady_clock::time_point deadline;  // on the table's clock
    std::shared_ptr<const std::atomic<bool>> abandon;
    std::function<void(lock_failure)> resume;
    bool done = false;
};

resource_lock_table::resource_lock_table(clock_source now) : now_(std::move(now)) {}

resource_lock::resource_lock(resource_lock&& other) noexcept
    : table_(std::exchange(other.table_, nullptr)), key_(std::move(other.key_))
{
}

resource_lock& resource_lock::operator=(resource_lock&& other) noexcept
{
    if (this != &other) {
        release();
        table_ = std::exchange(other.table_, nullptr);
        key_ = std::move(other.key_);
    }
    return *this;
}

resource_lock::~resource_lock()
{
    release();
}

void resource_lock::release()
{
    if (auto* table = std::exchange(table_, nullptr))
        table->release(key_);
}

std::string resource_lock_table::resource_key(std::string_view type, std::string_view id)
{
    std::string key;
    key.reserve(type.size() + id.size() + 4);
    key.append("id:").append(type).append(1, '/').append(id);
    return key;
}

std::string resource_lock_table::name_key(std::string_view type, std::string_view folded_name)
{
    std::string key;
    key.reserve(type.size() + folded_name.size() + 6);
    key.append("name:").append(type).append(1, '/').append(folded_name);
    return key;
}

asio::awaitable<resource_lock> resource_lock_table::acquire(std::string key, const request_scope& scope,
                                                            lock_failure& failure)
{
    failure = lock_failure::none;
    auto executor = co_await asio::this_coro::executor;
    std::shared_ptr<waiter> self;
    {
        std::lock_guard lock(mutex_);
        auto& queue = entries_[key].waiters;
        if (queue.empty()) {
            // Uncontended: no timer, no suspension.
            queue.push_back(std::make_shared<waiter>(executor, scope));
            queue.front()->done = true;
            co_return resource_lock(this, std::move(key));
        }
        if (scope.expired(now_()) || scope.abandoned()) {
            failure = scope.abandoned() ? lock_failure::abandoned : lock_failure::deadline;
            co_return resource_lock();
        }
        self = std::make_shared<waiter>(executor, scope);
        queue.push_back(self);
    }

    // The initiation captures only pointers: GCC 12 destroys objects
    // captured by value in a co_await'ed initiation twice (see
    // docs/architecture.md, compiler traps).
    const parked_wait wait{key, self};
    failure = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(lock_failure)>(
        [this, waiting = &wait](auto handler) { park(*waiting, std::move(handler)); }, asio::use_awaitable);
    if (failure != lock_failure::none)
        co_return resource_lock();
    co_return resource_lock(this, std::move(key));
}

template <typename Handler>
void resource_lock_table::park(const parked_wait& wait, Handler handler)
{
    std::lock_guard lock(mutex_);
    auto executor = asio::get_associated_executor(handler);
    auto shared = std::make_shared<Handler>(std::move(handler));
    wait.self->resume = [shared, executor](lock_failure outcome) {
        asio::post(executor, [shared, outcome] { std::move(*shared)(outcome); });
    };
    // Granted between the enqueue and here.
    if (wait.self->done) {
        wait.self->resume(lock_failure::none);
        return;
    }
    tick(wait.key, wait.self);
}

void resource_lock_table::tick(const std::string& key, const std::shared_ptr<waiter>& self)
{
    // The timer checks the deadline and the caller now and then; the grant
    // path cancels it. Real time paces the checks, the table's clock
    // decides the deadline.
    const auto until_deadline = self->deadline == steady_clock::time_point::max()
                                    ? steady_clock::duration::max()
                                    : self->deadline - now_();
    self->timer.expires_after(std::max(steady_clock::duration::zero(),
                                       std::min<steady_clock::duration>(until_deadline, abandon_check_interval)));
    self->timer.async_wait([this, self, key](boost::system::error_code) {
        std::lock_guard lock(mutex_);
        if (!self->done && !expire_if_due(key, self))
            tick(key, self);
    });
}

bool resource_lock_table::expire_if_due(const std::string& key, const std::shared_ptr<waiter>& self)
{
    const bool gone = self->abandon && self->abandon->load(std::memory_order_acquire);
    if (!gone && now_() < self->deadline)
        return false;
    self->done = true;
    self->timer.cancel();
    if (auto found = entries_.find(key); found != entries_.end()) {
        auto& queue = found->second.waiters;
        queue.erase(std::remove(queue.begin(), queue.end(), self), queue.end());
        if (queue.empty())
            entries_.erase(found);
    }
    self->resume(gone ? lock_failure::abandoned : lock_failure::deadline);
    return true;
}

std::size_t resource_lock_table::waiting() const
{
    std::lock_guard lock(mutex_);
    std::size_t parked = 0;
    for (const auto& [key, entry] : entries_)
        for (const auto& each : entry.waiters)
            parked += !each->done && each->resume ? 1 : 0;
    return parked;
}

void resource_lock_table::recheck()
{
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::shared_ptr<waiter>>> parked;
    for (const auto& [key, entry] : entries_)
        for (const auto& each : entry.waiters)
            if (!each->done && each->resume)
                parked.emplace_back(key, each);
    for (const auto& [key, each] : parked)
        expire_if_due(key, each);
}

void resource_lock_table::release(const std::string& key)
{
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end())
        return;
    auto& queue = found->second.waiters;
    queue.pop_front();  // the holder
    if (queue.empty()) {
        entries_.erase(found);
        return;
    }
    auto& next = queue.front();
    next->done = true;
    if (next->resume) {
        next->timer.cancel();
        next->resume(lock_failure::none);
    }
    // Otherwise the waiter has not parked yet: it sees `done` when it does.
}

std::size_t resource_lock_table::size() const
{
    std::lock_guard lock(mutex_);
    return entries_.size();
}

} // namespace bridge
