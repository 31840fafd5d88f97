#pragma once
// Asynchronous per-resource locks: writes to one resource (target, type,
// id), and creates of one name, queue behind each other for the whole of
// their vendor sequence, so that one SCIM write makes exactly one sequence
// of vendor calls and the vendor sees them in commit order.
//
// No thread blocks: a waiter is a suspended coroutine. The wait is bounded
// by the request's deadline, and a waiter whose request is abandoned (the
// identity provider disconnected) leaves the queue. Waiters are served in
// arrival order. Deadlines are read from the table's clock (injectable).

#include "bridge/request_scope.hpp"

#include <boost/asio/awaitable.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bridge {

class resource_lock_table;

// Held while alive; movable. Releasing hands the lock to the next waiter.
class resource_lock {
public:
    resource_lock() = default;
    resource_lock(resource_lock&& other) noexcept;
    resource_lock& operator=(resource_lock&& other) noexcept;
    resource_lock(const resource_lock&) = delete;
    resource_lock& operator=(const resource_lock&) = delete;
    ~resource_lock();

    bool held() const { return table_ != nullptr; }
    void release();

private:
    friend class resource_lock_table;
    resource_lock(resource_lock_table* table, std::string key) : table_(table), key_(std::move(key)) {}
    resource_lock_table* table_ = nullptr;
    std::string key_;
};

enum class lock_failure { none, deadline, abandoned };

class resource_lock_table {
public:
    struct waiter;

    explicit resource_lock_table(clock_source now = steady_clock::now);

    // The key of one resource, and of one unique name of a type (creates).
    static std::string resource_key(std::string_view type, std::string_view id);
    static std::string name_key(std::string_view type, std::string_view folded_name);

    // Waits for the lock of `key` until the scope's deadline. On failure
    // the returned lock is not held and `failure` says why.
    boost::asio::awaitable<resource_lock> acquire(std::string key, const request_scope& scope,
                                                  lock_failure& failure);

    // Keys held or waited for (for tests: the table empties itself).
    std::size_t size() const;

    // Waiters parked behind a holder (for tests).
    std::size_t waiting() const;

    // Checks every waiter against the clock and its caller at once, rather
    // than at its next periodic check (a test that moved its clock).
    void recheck();

private:
    friend class resource_lock;
    struct parked_wait {
        const std::string& key;
        std::shared_ptr<waiter> self;
    };
    template <typename Handler>
    void park(const parked_wait& wait, Handler handler);
    // Under the mutex: arms the waiter's next periodic check.
    void tick(const std::string& key, const std::shared_ptr<waiter>& self);
    // Under the mutex: refuses the waiter if its deadline passed or its
    // caller left; false when it keeps waiting.
    bool expire_if_due(const std::string& key, const std::shared_ptr<waiter>& self);
    void release(const std::string& key);

    clock_source now_;

    struct entry {
        std::deque<std::shared_ptr<waiter>> waiters;  // the first one holds the lock
    };
    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> entries_;
};

} // namespace bridge
