#include "store/sqlite/sqlite_executor.hpp"

#include "observability/process_metrics.hpp"

#include <chrono>

#include <deque>

#include <atomic>

namespace store {

namespace {

struct unit_failed {};

// One unit of a group transaction in its own savepoint: a unit that throws
// leaves nothing behind, and the others commit.
void run_isolated(database& db, store_executor::job& unit)
{
    try {
        db.write_transaction([&](sqlite3*) {
            if (!unit.run())
                throw unit_failed{};
        });
    } catch (const unit_failed&) {
    }
}

} // namespace

// A queue and the threads that drain it in batches.
struct sqlite_executor::lane {
    bool writes = false;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::unique_ptr<job>> queue;
    bool stopping = false;
    std::vector<std::thread> threads;
    std::atomic<std::uint64_t> batches{0};
    std::atomic<std::uint64_t> units{0};

    // Waits for work; false once stopping with nothing left.
    bool take(std::vector<std::unique_ptr<job>>& batch, std::size_t max_batch)
    {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty())
            return false;
        while (!queue.empty() && batch.size() < max_batch) {
            batch.push_back(std::move(queue.front()));
            queue.pop_front();
        }
        return true;
    }

    // Called after each writer batch with the WAL's size in pages.
    std::function<void(int)> after_commit;

    void drain(database& db, std::size_t max_batch)
    {
        if (writes)
            db.take_over_checkpoints();
        std::vector<std::unique_ptr<job>> batch;
        while (take(batch, max_batch)) {
            std::exception_ptr failed;
            const auto began = std::chrono::steady_clock::now();
            try {
                if (writes)
                    db.write_transaction([&](sqlite3*) {
                        for (auto& unit : batch)
                            run_isolated(db, *unit);
                    });
                else
                    db.read_transaction([&] {
                        for (auto& unit : batch)
                            unit->run();
                    });
            } catch (...) {
                // BEGIN or COMMIT failed: nothing of the batch is durable.
                failed = std::current_exception();
            }
            // One transaction: a batch of reads, or a group commit with its fsync.
            observability::process_metrics().store_transaction(writes ? "write" : "read",
                                                               std::chrono::steady_clock::now() - began);
            batches.fetch_add(1, std::memory_order_relaxed);
            units.fetch_add(batch.size(), std::memory_order_relaxed);
            for (auto& unit : batch) {
                if (failed)
                    unit->fail(failed);
                unit->complete();
            }
            batch.clear();
            if (after_commit)
                after_commit(db.wal_pages());
        }
    }
};

sqlite_executor::sqlite_executor(std::shared_ptr<database> db, sqlite_executor_options options)
    : db_(std::move(db)), options_(options)
{
    if (options_.readers == 0)
        return;
    auto readers = std::make_unique<lane>();
    auto writer = std::make_unique<lane>();
    writer->writes = true;
    readers_ = readers.get();
    writer_ = writer.get();
    lanes_.push_back(std::move(readers));
    lanes_.push_back(std::move(writer));
    writer_->after_commit = [this](int wal_pages) {
        if (catch_up_due_.exchange(false))
            db_->checkpoint_passive();
        if (wal_pages < options_.checkpoint_pages)
            return;
        {
            std::lock_guard lock(checkpoint_mutex_);
            checkpoint_due_ = true;
        }
        checkpoint_wanted_.notify_one();
    };
    for (unsigned i = 0; i < options_.readers; ++i)
        readers_->threads.emplace_back([this] { readers_->drain(*db_, options_.max_batch); });
    writer_->threads.emplace_back([this] { writer_->drain(*db_, options_.max_batch); });
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
}

void sqlite_executor::checkpoint_loop()
{
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wanted_.wait(lock, [&] { return checkpoint_due_ || stopping_; });
            if (stopping_)
                return;
            checkpoint_due_ = false;
        }
        // PASSIVE: copies what no reader still needs, never blocks the
        // writer or a reader; what it cannot copy now goes next time.
        db_->checkpoint_passive();
        catch_up_due_ = true;
    }
}

sqlite_executor::~sqlite_executor()
{
    stop();
}

void sqlite_executor::stop()
{
    for (auto& each : lanes_) {
        {
            std::lock_guard lock(each->mutex);
            each->stopping = true;
        }
        each->ready.notify_all();
    }
    for (auto& each : lanes_)
        for (auto& thread : each->threads)
            thread.join();
    {
        std::lock_guard lock(checkpoint_mutex_);
        stopping_ = true;
    }
    checkpoint_wanted_.notify_all();
    if (checkpointer_.joinable())
        checkpointer_.join();
    readers_ = writer_ = nullptr;
    lanes_.clear();
}

void sqlite_executor::enqueue(lane_kind kind, std::unique_ptr<job> work)
{
    lane* target = kind == lane_kind::write ? writer_ : readers_;
    {
        std::lock_guard lock(target->mutex);
        target->queue.push_back(std::move(work));
    }
    target->ready.notify_one();
}

void sqlite_executor::run_here(lane_kind kind, const std::function<void()>& unit)
{
    if (kind == lane_kind::write)
        db_->write_transaction([&](sqlite3*) { unit(); });
    else
        unit();
}

std::uint64_t sqlite_executor::write_batches() const
{
    return writer_ ? writer_->batches.load() : 0;
}

std::uint64_t sqlite_executor::writes() const
{
    return writer_ ? writer_->units.load() : 0;
}

} // namespace store
