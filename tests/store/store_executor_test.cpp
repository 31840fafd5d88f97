// store_executor: store work off the caller's threads, reads batched in one
// read transaction, writes group-committed with one savepoint per unit.

#include "store/sqlite/sqlite_executor.hpp"
#include "store_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include <future>
#include <stdexcept>
#include <thread>

namespace asio = boost::asio;
using store_test::store_fixture;
using store_test::user;

namespace {

// Runs `body` as a coroutine on a fresh io_context until it ends; rethrows.
template <typename Body>
void run_coroutine(Body body)
{
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(body), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace

TEST_CASE("store_executor runs reads and writes off the calling thread", "[store][executor]")
{
    store_fixture f;
    store::sqlite_executor executor(f.db, {2, 256});
    const auto caller = std::this_thread::get_id();
    run_coroutine([&]() -> asio::awaitable<void> {
        auto [writer_thread, outcome] = co_await executor.write([&] {
            return std::make_pair(std::this_thread::get_id(), f.resources.insert(user("u1", "ann")));
        });
        CHECK(outcome == store::write_outcome::ok);
        auto [reader_thread, row] = co_await executor.read([&] {
            return std::make_pair(std::this_thread::get_id(), f.resources.get({"acme", "User", "u1"}));
        });
        CHECK(writer_thread != caller);
        CHECK(reader_thread != caller);
        // Acknowledged means committed: the read queued after it sees it.
        REQUIRE(row);
        CHECK(row->version == 1);
    });
}

TEST_CASE("store_executor commits queued writes together, each in its own savepoint", "[store][executor]")
{
    store_fixture f;
    store::sqlite_executor executor(f.db, {1, 256});
    constexpr int writes = 50;
    std::promise<void> all_queued;
    auto queued = all_queued.get_future().share();
    std::vector<std::string> outcomes(writes);

    asio::io_context io;
    // The first unit holds the writer until every other one is queued: they
    // then share one transaction.
    asio::co_spawn(io, executor.write([queued] { queued.wait(); }), asio::detached);
    for (int i = 0; i < writes; ++i) {
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                try {
                    co_await executor.write([&, i] {
                        // No Catch2 macros here: this runs on the writer thread.
                        if (f.resources.insert(user("u" + std::to_string(i), "user" + std::to_string(i))) !=
                            store::write_outcome::ok)
                            throw std::runtime_error("insert refused");
                        if (i == 7)
                            throw std::runtime_error("unit 7 fails after its insert");
                    });
                    outcomes[static_cast<std::size_t>(i)] = "ok";
                } catch (const std::exception& e) {
                    outcomes[static_cast<std::size_t>(i)] = e.what();
                }
            },
            asio::detached);
    }
    // Let every coroutine queue its unit, then open the gate.
    io.poll();
    all_queued.set_value();
    io.run();

    CHECK(executor.writes() == writes + 1);
    // The gate's batch, and the rest together (or all in one, had the
    // writer woken only after every unit was queued).
    CHECK(executor.write_batches() <= 2);
    for (int i = 0; i < writes; ++i) {
        const auto row = f.resources.get({"acme", "User", "u" + std::to_string(i)});
        if (i == 7) {
            CHECK(outcomes[7] == "unit 7 fails after its insert");
            CHECK_FALSE(row);  // rolled back to its savepoint alone
        } else {
            CHECK(outcomes[static_cast<std::size_t>(i)] == "ok");
            CHECK(row);
        }
    }
}

TEST_CASE("store_executor refuses a write inside a read", "[store][executor]")
{
    store_fixture f;
    store::sqlite_executor executor(f.db, {1, 16});
    CHECK_THROWS_AS(run_coroutine([&]() -> asio::awaitable<void> {
                        co_await executor.read([&] { (void)f.resources.insert(user("u1", "ann")); });
                    }),
                    std::logic_error);
    CHECK_FALSE(f.resources.get({"acme", "User", "u1"}));
}

TEST_CASE("store_executor finishes queued work when stopped, then runs inline", "[store][executor]")
{
    store_fixture f;
    store::sqlite_executor executor(f.db, {1, 16});
    for (int i = 0; i < 20; ++i)
        executor.post_write([&, i] { (void)f.resources.insert(user("u" + std::to_string(i), "n" + std::to_string(i))); });
    executor.stop();
    CHECK(f.resources.count("acme", "User") == 20);
    const auto caller = std::this_thread::get_id();
    run_coroutine([&]() -> asio::awaitable<void> {
        auto where = co_await executor.write([] { return std::this_thread::get_id(); });
        CHECK(where == caller);
    });
}
