#pragma once
// Where store work runs: never on an I/O thread. Reads go to reader threads
// (each with its own connection), writes to one writer thread; coroutines
// await them without blocking.
//
// Both sides batch what has queued up while they were busy:
//  - a reader runs its batch inside one read transaction, so the file locks
//    that SQLite takes per transaction are paid once per batch;
//  - the writer runs its batch inside one write transaction (group commit):
//    each unit of work inside its own savepoint, so one that fails is rolled
//    back alone, and every unit is acknowledged only after the COMMIT that
//    made it durable.
// A read queued after a write was acknowledged sees that write.
//
// With `threads = 0` everything runs inline on the caller's thread (the
// command-line verbs and dry runs, which have no I/O threads to protect).

#include "store/database.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace store {

struct store_executor_options {
    unsigned readers = 2;          // 0: run everything inline
    std::size_t max_batch = 256;   // units of work per transaction
    // WAL pages after which the checkpointer copies the WAL back into the
    // database: on its own thread and connection, so that the writer never
    // waits for a checkpoint's writes and fsync.
    int checkpoint_pages = 2000;
};

class store_executor {
public:
    store_executor(std::shared_ptr<database> db, store_executor_options options);
    store_executor(const store_executor&) = delete;
    store_executor& operator=(const store_executor&) = delete;
    // Finishes the queued work, then joins the threads.
    ~store_executor();
    // The same, before the database closes; later work runs inline. Called
    // when no other thread submits any more.
    void stop();

    // An executor that runs everything inline (no threads).
    static std::shared_ptr<store_executor> inline_on(std::shared_ptr<database> db);

    const std::shared_ptr<database>& db() const { return db_; }

    // Runs `work()` on a reader thread inside a read transaction and
    // returns its result (or rethrows its exception) to the awaiting
    // coroutine. `work` must not write.
    template <typename Work>
    boost::asio::awaitable<std::invoke_result_t<Work&>> read(Work work)
    {
        return submit(readers_, std::move(work));
    }

    // Runs `work()` on the writer thread inside the current group
    // transaction (its own savepoint); completes after the COMMIT.
    template <typename Work>
    boost::asio::awaitable<std::invoke_result_t<Work&>> write(Work work)
    {
        return submit(writer_, std::move(work));
    }

    // Queues `work` for the writer without waiting for it (an audit row):
    // its failure is dropped. Inline executors run it at once.
    void post_write(std::function<void()> work);

    // Counters for benchmarks and tests.
    std::uint64_t write_batches() const;
    std::uint64_t writes() const;

    // One queued unit of work (public for the lane implementation only).
    struct job {
        virtual ~job() = default;
        virtual bool run() noexcept = 0;      // on the store thread, inside the transaction; false if it threw
        virtual void fail(std::exception_ptr) noexcept = 0;  // the transaction did not commit
        virtual void complete() noexcept = 0; // hands the outcome back to the awaiting coroutine
    };
    struct lane;

private:
    template <typename Result, typename Work, typename Handler>
    struct job_of final : job {
        Work work;
        Handler handler;
        std::exception_ptr error;
        std::optional<std::conditional_t<std::is_void_v<Result>, bool, Result>> value;

        job_of(Work w, Handler h) : work(std::move(w)), handler(std::move(h)) {}
        bool run() noexcept override
        {
            try {
                if constexpr (std::is_void_v<Result>) {
                    work();
                    value.emplace(true);
                } else {
                    value.emplace(work());
                }
                return true;
            } catch (...) {
                error = std::current_exception();
                return false;
            }
        }
        void fail(std::exception_ptr cause) noexcept override
        {
            if (!error)
                error = cause;
        }
        void complete() noexcept override
        {
            auto executor = boost::asio::get_associated_executor(handler);
            boost::asio::post(executor, [h = std::move(handler), e = error, v = std::move(value)]() mutable {
                std::move(h)(e, std::move(v));
            });
        }
    };

    template <typename Work>
    boost::asio::awaitable<std::invoke_result_t<Work&>> submit(lane* target, Work work)
    {
        using result = std::invoke_result_t<Work&>;
        using stored = std::optional<std::conditional_t<std::is_void_v<result>, bool, result>>;
        if (!target) {
            // Inline: the caller's thread, in its own transaction scope.
            if constexpr (std::is_void_v<result>) {
                work();
                co_return;
            } else {
                co_return work();
            }
        }
        auto value = co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                                          void(std::exception_ptr, stored)>(
            [this, target, &work](auto handler) {
                using handler_type = decltype(handler);
                enqueue(target, std::make_unique<job_of<result, Work, handler_type>>(std::move(work),
                                                                                      std::move(handler)));
            },
            boost::asio::use_awaitable);
        if constexpr (!std::is_void_v<result>)
            co_return std::move(*value);
    }

    void enqueue(lane* target, std::unique_ptr<job> work);

    std::shared_ptr<database> db_;
    store_executor_options options_;
    void checkpoint_loop();

    std::vector<std::unique_ptr<lane>> lanes_;  // readers first, then the writer
    lane* readers_ = nullptr;
    lane* writer_ = nullptr;
    // The checkpointer: woken by the writer when the WAL has grown.
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wanted_;
    bool checkpoint_due_ = false;
    bool stopping_ = false;
    // Set after each of the checkpointer's passes: the writer then copies the
    // few frames added meanwhile itself, so that its next transaction can
    // start the WAL over instead of growing it.
    std::atomic<bool> catch_up_due_{false};
    std::thread checkpointer_;
};

} // namespace store
