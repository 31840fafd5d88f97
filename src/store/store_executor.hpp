#pragma once
// Where store work runs: never on an I/O thread. A unit of work (a lambda
// that calls the store's interfaces) is queued either as a read or as a
// write; coroutines await its result without blocking. Each engine decides
// how units map onto its connections and transactions (SQLite: reader
// threads and one group-committing writer, see
// store/sqlite/sqlite_executor.hpp), under these rules:
//  - a read unit sees one consistent snapshot and must not write;
//  - a write unit runs inside a transaction and is acknowledged only after
//    that transaction committed; a unit that throws leaves nothing behind;
//  - a read queued after a write was acknowledged sees that write.
//
// The inline executor runs everything on the caller's thread (the
// command-line verbs and dry runs, which have no I/O threads to protect).

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace store {

class store_executor {
public:
    store_executor() = default;
    store_executor(const store_executor&) = delete;
    store_executor& operator=(const store_executor&) = delete;
    virtual ~store_executor() = default;
    // Finishes the queued work and stops the store threads; later work runs
    // inline. Called before the store closes, when no other thread submits
    // any more.
    virtual void stop() {}

    // An executor that runs everything inline (no threads).
    static std::shared_ptr<store_executor> inline_executor();

    // Runs `work()` as a read unit and returns its result (or rethrows its
    // exception) to the awaiting coroutine. `work` must not write.
    template <typename Work>
    boost::asio::awaitable<std::invoke_result_t<Work&>> read(Work work)
    {
        return submit(lane_kind::read, std::move(work));
    }

    // Runs `work()` as a write unit; completes after its COMMIT.
    template <typename Work>
    boost::asio::awaitable<std::invoke_result_t<Work&>> write(Work work)
    {
        return submit(lane_kind::write, std::move(work));
    }

    // Queues `work` for the writer without waiting for it (an audit row):
    // its failure is dropped. Inline executors run it at once.
    void post_write(std::function<void()> work);

    // One queued unit of work (public for the lane implementation only).
    struct job {
        virtual ~job() = default;
        virtual bool run() noexcept = 0;      // on the store thread, inside the transaction; false if it threw
        virtual void fail(std::exception_ptr) noexcept = 0;  // the transaction did not commit
        virtual void complete() noexcept = 0; // hands the outcome back to the awaiting coroutine
    };

protected:
    enum class lane_kind { read, write };
    // False: this executor runs every unit inline on the caller's thread.
    virtual bool queues_work() const = 0;
    // Queues a unit for a store thread (only when queues_work()).
    virtual void enqueue(lane_kind lane, std::unique_ptr<job> work) = 0;
    // Runs a unit on the caller's thread (when !queues_work()), inside
    // whatever transaction the engine gives a unit of that kind.
    virtual void run_here(lane_kind, const std::function<void()>& unit) { unit(); }

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
    boost::asio::awaitable<std::invoke_result_t<Work&>> submit(lane_kind target, Work work)
    {
        using result = std::invoke_result_t<Work&>;
        using stored = std::optional<std::conditional_t<std::is_void_v<result>, bool, result>>;
        if (!queues_work()) {
            stored value;
            run_here(target, [&] {
                if constexpr (std::is_void_v<result>) {
                    work();
                    value.emplace(true);
                } else {
                    value.emplace(work());
                }
            });
            if constexpr (std::is_void_v<result>)
                co_return;
            else
                co_return std::move(*value);
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
};

} // namespace store
