// The pipeline against a fake vendor backend and a real store file: writes
// to one resource are serialised across the vendor call (one vendor sequence
// per SCIM write, in commit order), and a write that cannot start before its
// deadline is refused without reaching the vendor.

#include "bridge/resource_service.hpp"
#include "bridge/vendor_failure.hpp"
#include "observability/process_metrics.hpp"
#include "scim/error.hpp"
#include "store/store_fixture.hpp"
#include "store/sqlite/sqlite_executor.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string title_of(const json::object* resource)
{
    if (!resource)
        return {};
    const auto* title = resource->if_contains("title");
    return title && title->is_string() ? std::string(title->get_string()) : std::string();
}

// A clock the test moves by hand: deadlines fire without the test sleeping.
struct manual_clock {
    std::shared_ptr<std::atomic<bridge::steady_clock::rep>> ticks =
        std::make_shared<std::atomic<bridge::steady_clock::rep>>(bridge::steady_clock::now().time_since_epoch().count());

    bridge::clock_source source() const
    {
        return [ticks = ticks] { return bridge::steady_clock::time_point(bridge::steady_clock::duration(ticks->load())); };
    }
    bridge::steady_clock::time_point now() const { return source()(); }
    void advance(std::chrono::seconds by) { *ticks += bridge::steady_clock::duration(by).count(); }
};

// Yields to the other coroutines until `ready()` (no sleeping).
template <typename Ready>
asio::awaitable<void> until(Ready ready)
{
    while (!ready()) {
        asio::steady_timer yield(co_await asio::this_coro::executor, std::chrono::steady_clock::time_point::min());
        co_await yield.async_wait(asio::use_awaitable);
    }
}

// A vendor that takes `latency` per call (or, with `hold`, waits until the
// test opens the gate) and records what it was sent, how many calls
// overlapped, and what the store then committed.
class recording_vendor : public bridge::vendor_backend {
public:
    std::chrono::milliseconds latency{3};
    std::atomic<bool> hold{false};
    std::atomic<bool> open{false};

    asio::awaitable<bridge::result<bridge::applied_change>> apply(const bridge::resource_change& change) override
    {
        const auto title = title_of(change.after);
        {
            std::lock_guard lock(mutex_);
            sent.push_back(title);
            max_in_flight = std::max(max_in_flight, ++in_flight_);
        }
        if (hold) {
            co_await until([this] { return open.load(); });
        } else {
            asio::steady_timer timer(co_await asio::this_coro::executor, latency);
            co_await timer.async_wait(asio::use_awaitable);
        }
        {
            std::lock_guard lock(mutex_);
            --in_flight_;
            holds = title;
        }
        co_return bridge::applied_change{"vendor-1", change.kind == bridge::change_kind::create, 0};
    }
    void committed(const bridge::resource_change& change, const bridge::applied_change&) override
    {
        std::lock_guard lock(mutex_);
        committed_titles.push_back(title_of(change.after));
    }

    std::mutex mutex_;
    std::vector<std::string> sent;
    std::vector<std::string> committed_titles;
    std::string holds;  // the vendor's current title
    int max_in_flight = 0;

    int in_flight()
    {
        std::lock_guard lock(mutex_);
        return in_flight_;
    }

private:
    int in_flight_ = 0;
};

struct pipeline {
    store_test::temp_dir dir;
    std::shared_ptr<store::database> db = store::database::open({dir.path() / "store.db"});
    std::shared_ptr<const scim::schema_registry> schemas =
        scim::schema_registry::load(std::filesystem::path(SCIM_BRIDGE_SOURCE_DIR) / "schemas");
    std::shared_ptr<recording_vendor> vendor = std::make_shared<recording_vendor>();
    manual_clock clock;
    std::shared_ptr<store::store_executor> executor =
        std::make_shared<store::sqlite_executor>(db, store::sqlite_executor_options{2, 64});
    std::shared_ptr<store::resource_store> resources = std::make_shared<store::sqlite_resource_store>(db);
    bridge::resource_service service{
        {"acme", "http://localhost/scim/v2/acme", schemas, resources, vendor, {}, executor, clock.source()}};
    const scim::resource_type& user_type = *schemas->find_resource_type("User");

    std::string create_user()
    {
        std::string id;
        run_all([&]() -> asio::awaitable<void> {
            json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                              {"userName", "ann"},
                              {"title", "T0"}};
            auto created = co_await service.create(user_type, body, bridge::request_scope::unbounded("create"));
            id = std::string(created.value().resource.at("id").as_string());
        });
        return id;
    }

    // Runs the coroutines on two threads, as the server does.
    template <typename... Bodies>
    void run_all(Bodies... bodies)
    {
        asio::io_context io;
        (asio::co_spawn(io, std::move(bodies), [](std::exception_ptr e) {
             if (e)
                 std::rethrow_exception(e);
         }),
         ...);
        std::thread second([&] { io.run(); });
        io.run();
        second.join();
    }

    std::string stored_title(const std::string& id) const
    {
        auto row = resources->get({"acme", "User", id});
        if (!row)
            return "<gone>";
        const auto stored = json::parse(row->json).as_object();
        return title_of(&stored);
    }
};

json::value replace_title(const std::string& title)
{
    return json::value{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", json::array{json::object{{"op", "replace"}, {"path", "title"}, {"value", title}}}}};
}

} // namespace

TEST_CASE("racing PATCHes of one user make one vendor sequence each, in commit order", "[bridge][locks]")
{
    pipeline p;
    const auto id = p.create_user();
    constexpr int writers = 16;
    std::atomic<int> answered{0};
    asio::io_context io;
    for (int i = 1; i <= writers; ++i)
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                auto patched = co_await p.service.patch(p.user_type, id, replace_title("T" + std::to_string(i)),
                                                        std::nullopt,
                                                        bridge::request_scope::unbounded("patch-" + std::to_string(i)));
                if (patched)
                    ++answered;
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
    std::thread second([&] { io.run(); });
    io.run();
    second.join();

    CHECK(answered == writers);               // none refused: they queued
    CHECK(p.vendor->sent.size() == writers + 1);  // the create and one call per PATCH, none repeated
    CHECK(p.vendor->max_in_flight == 1);      // never two calls for the resource at once
    // The vendor saw the writes in the order the store committed them, and
    // both end on the same value.
    std::vector<std::string> sent_patches(p.vendor->sent.begin() + 1, p.vendor->sent.end());
    std::vector<std::string> committed_patches(p.vendor->committed_titles.begin() + 1, p.vendor->committed_titles.end());
    CHECK(sent_patches == committed_patches);
    CHECK(p.vendor->holds == p.stored_title(id));
    CHECK(p.resources->get({"acme", "User", id})->version == writers + 1);
    CHECK(p.service.locks().size() == 0);  // every lock released
}

TEST_CASE("a write whose deadline passes while it waits for the lock never reaches the vendor", "[bridge][locks]")
{
    const auto deadline_refusals = [] {
        const std::string text = observability::process_registry().text();
        const std::string series = "\nscim_bridge_limit_refusals_total{limit=\"deadline\"} ";
        const auto at = text.find(series);
        return at == std::string::npos ? 0.0 : std::stod(text.substr(at + series.size()));
    };
    const double refusals_before = deadline_refusals();
    pipeline p;
    const auto id = p.create_user();
    p.vendor->hold = true;
    std::optional<bridge::failure> refused;
    p.run_all(
        [&]() -> asio::awaitable<void> {
            auto first = co_await p.service.patch(p.user_type, id, replace_title("slow"), std::nullopt,
                                                  bridge::request_scope::unbounded("first"));
            CHECK(first.has_value());
        },
        [&]() -> asio::awaitable<void> {
            co_await until([&] { return p.vendor->in_flight() == 1; });  // the first holds the lock
            bridge::request_scope within_5s{"second", p.clock.now() + std::chrono::seconds(5), nullptr};
            auto second = co_await p.service.patch(p.user_type, id, replace_title("late"), std::nullopt, within_5s);
            if (!second)
                refused = second.error();
            p.vendor->open = true;
        },
        [&]() -> asio::awaitable<void> {
            co_await until([&] { return p.service.locks().waiting() == 1; });
            p.clock.advance(std::chrono::seconds(6));
            p.service.locks().recheck();
        });
    REQUIRE(refused);
    CHECK(refused->cause() == bridge::errc::deadline_passed);
    CHECK(refused->answer().status == 503);
    CHECK(refused->retry_after);
    CHECK(p.vendor->sent == std::vector<std::string>{"T0", "slow"});
    CHECK(p.stored_title(id) == "slow");
    CHECK(p.service.locks().size() == 0);
    // Counted with the other limits' 503s.
    CHECK(deadline_refusals() - refusals_before == 1);
}

TEST_CASE("a write whose deadline passed while it queued is refused before the vendor, unchecked until then", "[bridge][locks]")
{
    pipeline p;
    const auto id = p.create_user();
    p.vendor->hold = true;
    std::optional<bridge::failure> refused;
    p.run_all(
        [&]() -> asio::awaitable<void> {
            co_await p.service.patch(p.user_type, id, replace_title("slow"), std::nullopt,
                                     bridge::request_scope::unbounded("first"));
        },
        [&]() -> asio::awaitable<void> {
            co_await until([&] { return p.vendor->in_flight() == 1; });
            bridge::request_scope within_5s{"second", p.clock.now() + std::chrono::seconds(5), nullptr};
            auto second = co_await p.service.patch(p.user_type, id, replace_title("late"), std::nullopt, within_5s);
            if (!second)
                refused = second.error();
        },
        [&]() -> asio::awaitable<void> {
            // The deadline passes while the second waits, unnoticed (no
            // recheck); the first then finishes and hands the lock over.
            co_await until([&] { return p.service.locks().waiting() == 1; });
            p.clock.advance(std::chrono::seconds(6));
            p.vendor->open = true;
        });
    REQUIRE(refused);
    CHECK(refused->cause() == bridge::errc::deadline_passed);
    CHECK(p.vendor->sent == std::vector<std::string>{"T0", "slow"});
    CHECK(p.stored_title(id) == "slow");
}

TEST_CASE("a waiter whose client went away leaves the queue without calling the vendor", "[bridge][locks]")
{
    pipeline p;
    const auto id = p.create_user();
    p.vendor->hold = true;
    auto gone = std::make_shared<std::atomic<bool>>(false);
    std::optional<bridge::failure> refused;
    p.run_all(
        [&]() -> asio::awaitable<void> {
            co_await p.service.patch(p.user_type, id, replace_title("first"), std::nullopt,
                                     bridge::request_scope::unbounded("first"));
        },
        [&]() -> asio::awaitable<void> {
            co_await until([&] { return p.vendor->in_flight() == 1; });
            bridge::request_scope scope{"second", bridge::steady_clock::time_point::max(), gone};
            auto patched = co_await p.service.patch(p.user_type, id, replace_title("abandoned"), std::nullopt, scope);
            if (!patched)
                refused = patched.error();
            p.vendor->open = true;
        },
        [&]() -> asio::awaitable<void> {
            co_await until([&] { return p.service.locks().waiting() == 1; });
            gone->store(true);
            p.service.locks().recheck();
        });
    REQUIRE(refused);
    CHECK(refused->cause() == bridge::errc::client_gone);
    CHECK(refused->answer().status == 503);
    CHECK(p.vendor->sent == std::vector<std::string>{"T0", "first"});
    CHECK(p.stored_title(id) == "first");
    CHECK(p.service.locks().size() == 0);
}

TEST_CASE("resource locks are granted in arrival order and free their keys", "[bridge][locks]")
{
    bridge::resource_lock_table table;
    std::vector<int> order;
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            bridge::lock_failure failure{};
            const auto scope = bridge::request_scope::unbounded("holder");
            auto held = co_await table.acquire("id:User/1", scope, failure);
            REQUIRE(held.held());
            for (int i = 1; i <= 5; ++i)
                asio::co_spawn(
                    co_await asio::this_coro::executor,
                    [&, i]() -> asio::awaitable<void> {
                        bridge::lock_failure f{};
                        auto mine = co_await table.acquire("id:User/1", bridge::request_scope::unbounded("w"), f);
                        order.push_back(mine.held() ? i : -i);
                    },
                    asio::detached);
            // Another key is independent of the queue above.
            auto other = co_await table.acquire("id:User/2", scope, failure);
            CHECK(other.held());
            asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
            co_await timer.async_wait(asio::use_awaitable);
            CHECK(order.empty());
        },
        asio::detached);
    io.run();
    CHECK(order == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(table.size() == 0);
}
