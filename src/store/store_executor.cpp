#include "store/store_executor.hpp"

namespace store {

namespace {

// Everything on the caller's thread; each store call its own transaction.
class inline_store_executor final : public store_executor {
protected:
    bool queues_work() const override { return false; }
    void enqueue(lane_kind, std::unique_ptr<job>) override {}
};

} // namespace

std::shared_ptr<store_executor> store_executor::inline_executor()
{
    return std::make_shared<inline_store_executor>();
}

void store_executor::post_write(std::function<void()> work)
{
    struct detached final : job {
        std::function<void()> work;
        explicit detached(std::function<void()> w) : work(std::move(w)) {}
        bool run() noexcept override
        {
            try {
                work();
                return true;
            } catch (...) {
                return false;
            }
        }
        void fail(std::exception_ptr) noexcept override {}
        void complete() noexcept override {}
    };
    if (!queues_work()) {
        run_here(lane_kind::write, [&] { detached(std::move(work)).run(); });
        return;
    }
    enqueue(lane_kind::write, std::make_unique<detached>(std::move(work)));
}

} // namespace store
