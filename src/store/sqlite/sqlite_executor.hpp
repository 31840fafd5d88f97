#pragma once
// The store executor on SQLite: reader threads, each with its own
// connection, and one writer thread; both batch what has queued up while
// they were busy:
//  - a reader runs its batch inside one read transaction, so the file locks
//    that SQLite takes per transaction are paid once per batch;
//  - the writer runs its batch inside one write transaction (group commit):
//    each unit of work inside its own savepoint, so one that fails is rolled
//    back alone, and every unit is acknowledged only after the COMMIT that
//    made it durable.
// A checkpointer thread copies the WAL back into the database file on its
// own connection, so that the writer never waits for a checkpoint's fsync.
//
// With `readers = 0` everything runs inline on the caller's thread, writes
// inside a write transaction.

#include "store/sqlite/database.hpp"
#include "store/store_executor.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace store {

struct sqlite_executor_options {
    unsigned readers = 2;          // 0: run everything inline
    std::size_t max_batch = 256;   // units of work per transaction
    // WAL pages after which the checkpointer copies the WAL back into the
    // database: on its own thread and connection, so that the writer never
    // waits for a checkpoint's writes and fsync.
    int checkpoint_pages = 2000;
};

class sqlite_executor final : public store_executor {
public:
    sqlite_executor(std::shared_ptr<database> db, sqlite_executor_options options);
    // Finishes the queued work, then joins the threads.
    ~sqlite_executor() override;
    void stop() override;

    // Counters for benchmarks and tests.
    std::uint64_t write_batches() const;
    std::uint64_t writes() const;

    struct lane;

protected:
    bool queues_work() const override { return writer_ != nullptr; }
    void enqueue(lane_kind kind, std::unique_ptr<job> work) override;
    void run_here(lane_kind kind, const std::function<void()>& unit) override;

private:
    void checkpoint_loop();

    std::shared_ptr<database> db_;
    sqlite_executor_options options_;
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
