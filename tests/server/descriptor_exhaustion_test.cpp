// Out of descriptors: the listener waits between accept attempts instead of
// spinning, and serves again once descriptors are back; the descriptor
// limit is raised at start and the connection limit fitted under it.

#include "server/accept_backoff.hpp"
#include "server/descriptor_limit.hpp"
#include "server/test_server_fixture.hpp"
#include "support/http_test_client.hpp"

#include "observability/process_metrics.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using server::accept_backoff;
using namespace std::chrono_literals;

namespace {

// The value of scim_bridge_accept_failures_total{listener="scim",reason=…}.
double accept_failures(const std::string& reason)
{
    std::istringstream text(observability::process_registry().text());
    const std::string prefix =
        "scim_bridge_accept_failures_total{listener=\"scim\",reason=\"" + reason + "\"} ";
    for (std::string line; std::getline(text, line);)
        if (line.starts_with(prefix))
            return std::stod(line.substr(prefix.size()));
    return 0;
}

std::size_t open_descriptors()
{
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator{}));
}

// Lowers this process's soft descriptor limit, restoring it on scope exit.
class lowered_descriptor_limit {
public:
    explicit lowered_descriptor_limit(rlim_t soft)
    {
        REQUIRE(getrlimit(RLIMIT_NOFILE, &saved_) == 0);
        rlimit lowered = saved_;
        lowered.rlim_cur = soft;
        REQUIRE(setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    }
    ~lowered_descriptor_limit() { setrlimit(RLIMIT_NOFILE, &saved_); }
    lowered_descriptor_limit(const lowered_descriptor_limit&) = delete;
    lowered_descriptor_limit& operator=(const lowered_descriptor_limit&) = delete;

private:
    rlimit saved_{};
};

} // namespace

TEST_CASE("accept_backoff doubles its wait up to a ceiling and logs once per interval", "[server][limits]")
{
    accept_backoff backoff;
    const auto start = accept_backoff::clock::now();
    const auto no_descriptors = make_error_code(asio::error::no_descriptors);

    auto first = backoff.failed(no_descriptors, start);
    CHECK(first.wait == accept_backoff::first_wait);
    REQUIRE(first.log_failures);
    CHECK(*first.log_failures == 1);

    std::chrono::milliseconds wait{0};
    for (int i = 0; i < 20; ++i) {
        const auto next = backoff.failed(no_descriptors, start + 1s);
        CHECK_FALSE(next.log_failures);  // within the interval: counted, not logged
        CHECK(next.wait >= wait);
        wait = next.wait;
    }
    CHECK(wait == accept_backoff::longest_wait);

    const auto later = backoff.failed(no_descriptors, start + accept_backoff::log_interval);
    REQUIRE(later.log_failures);
    CHECK(*later.log_failures == 21);

    // A success starts a new run; a client that left before accept is no shortage.
    backoff.succeeded();
    CHECK(backoff.failed(no_descriptors, start + 30s).wait == accept_backoff::first_wait);
    CHECK(backoff.failed(make_error_code(asio::error::connection_aborted), start + 31s).wait.count() == 0);
    CHECK(std::string(accept_backoff::reason_of(no_descriptors)) == "descriptors");
}

TEST_CASE("the connection limit is fitted under the descriptor limit", "[server][limits]")
{
    CHECK(server::connections_within(1024, 65536, 64) == 1024);
    CHECK(server::connections_within(1024, 1024, 64) == 480);  // twice it, plus the reserve, fit
    CHECK(server::connections_within(1024, 128, 64) == 32);
    CHECK(server::connections_within(1024, 64, 64) == 0);

    const auto limit = server::raise_descriptor_limit();
    rlimit now{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &now) == 0);
    CHECK(now.rlim_cur == now.rlim_max);
    CHECK((now.rlim_cur == RLIM_INFINITY || limit == now.rlim_cur));
}

TEST_CASE("out of descriptors the listener backs off, and serves again once they are back", "[server][limits]")
{
#if defined(__SANITIZE_ADDRESS__)
    // UBSan's vptr check opens a pipe to probe memory; with no descriptor
    // left it reports every object as invalid. The normal build runs this.
    WARN("skipped under the sanitizers: their runtime needs descriptors of its own");
    return;
#endif
    server_test::running_server server;
    asio::io_context io;
    const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), server.port());
    // The client sockets exist before the limit drops: connecting needs no
    // new descriptor, accepting them does.
    std::vector<asio::ip::tcp::socket> clients;
    for (int i = 0; i < 8; ++i) {
        clients.emplace_back(io);
        clients.back().open(asio::ip::tcp::v4());
    }
    const double before = accept_failures("descriptors");
    {
        lowered_descriptor_limit lowered(open_descriptors());
        for (auto& client : clients)
            client.connect(at);
        std::this_thread::sleep_for(2s);
        // Retrying at once would fail tens of thousands of times a second;
        // with waits of 10 ms doubling to 1 s, about eight times in 2 s.
        const double failed = accept_failures("descriptors") - before;
        CHECK(failed >= 1);
        CHECK(failed <= 20);
    }
    // Descriptors are back: the queued connections and new ones are served
    // within the longest wait.
    test_support::http_test_client next(server.port());
    CHECK(next.get("/healthz").result() == server::http::status::ok);
}
