// Hot reload of a running bridge (issue 10): SIGHUP and `scim-bridge reload`
// re-read the configuration; token and target changes apply to the requests
// after it, a broken file is refused with its place and the bridge serves on
// as before. Real HTTP over loopback, a real SQLite file.

#include "integration/bridge_fixture.hpp"

#include "cli/commands.hpp"
#include "config/token_hash.hpp"
#include "observability/process_metrics.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace integration;
namespace http = server::http;

namespace {

constexpr const char* admin_token = "admin-token-0123456789abcdef0123456789abcdef";
constexpr const char* delta_token = "delta-token-0123456789abcdef0123456789abcdef";

double reloads(std::string_view outcome)
{
    const std::string text = observability::process_registry().text();
    const std::string series = "\nscim_bridge_config_reload_total{outcome=\"" + std::string(outcome) + "\"} ";
    const auto at = text.find(series);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size()));
}

// Polls until the count of reloads with `outcome` passes `before`; false
// after 20 s (a reload takes milliseconds: the bound only keeps a broken
// bridge from hanging the test).
bool reload_seen(std::string_view outcome, double before)
{
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (reloads(outcome) <= before) {
        if (std::chrono::steady_clock::now() > give_up)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

std::string replaced(std::string text, std::string_view from, std::string_view to)
{
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

void write_file(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file, std::ios::trunc) << text;
}

unsigned status_with_token(bridge_fixture& bridge, const std::string& target, const std::string& token)
{
    return bridge.raw_call(http::verb::get, "/scim/v2/" + target + "/Users", {},
                           {{"Authorization", "Bearer " + token}})
        .status;
}

struct cli_outcome {
    int status = 0;
    std::string out;
    std::string err;
};

cli_outcome run_cli(std::vector<std::string> args)
{
    std::ostringstream out, err;
    cli_outcome result;
    result.status = cli::run(args, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

bool contains(const std::string& text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("SIGHUP reloads: a token added and a token removed apply without a restart, a broken file is refused",
          "[reload]")
{
    bridge_fixture bridge;
    REQUIRE(status_with_token(bridge, "beta", beta_token) == 200);
    REQUIRE(status_with_token(bridge, "beta", gamma_token) == 401);
    const auto port = bridge.port();

    // beta's token rotated: gamma's replaces it.
    const auto rotated = replaced(bridge.config_text(), config::hash_token(beta_token), config::hash_token(gamma_token));
    write_file(bridge.config_path(), rotated);
    const double applied = reloads("applied");
    std::raise(SIGHUP);
    REQUIRE(reload_seen("applied", applied));
    CHECK(status_with_token(bridge, "beta", gamma_token) == 200);
    CHECK(status_with_token(bridge, "beta", beta_token) == 401);
    // The other target and the store are as they were.
    CHECK(status_with_token(bridge, "alpha", alpha_token) == 200);
    CHECK(bridge.port() == port);

    // A broken file: refused, with the place, and the last good one serves on.
    write_file(bridge.config_path(), replaced(rotated, "threads: 2", "threads: lots"));
    const double refused = reloads("refused");
    std::raise(SIGHUP);
    REQUIRE(reload_seen("refused", refused));
    CHECK(status_with_token(bridge, "beta", gamma_token) == 200);
    CHECK(status_with_token(bridge, "beta", beta_token) == 401);
    const auto log = bridge.access_log();
    CHECK(contains(log, "config_reload_refused"));
    CHECK(std::regex_search(log, std::regex(R"(config\.yaml:3:\d+)")));
    // The process is alive and was not restarted: SIGHUP no longer ends it.
    CHECK(bridge.create_user("after-sighup@example.com").contains("id"));
}

TEST_CASE("scim-bridge reload asks the running bridge through its admin listener, with the admin token",
          "[reload]")
{
    bridge_fixture bridge({}, "admin: {address: 127.0.0.1, port: 0, token: \"" + config::hash_token(admin_token) +
                                  "\"}\n");
    REQUIRE(bridge.app().admin() != nullptr);
    const auto admin_port = std::to_string(bridge.app().admin()->port());
    // The verb finds the listener from the file: its port, as bound. A
    // target added, one removed, and a listener port changed (which needs a
    // restart: named, not applied).
    auto text = replaced(bridge.config_text(), "admin: {address: 127.0.0.1, port: 0",
                         "admin: {address: 127.0.0.1, port: " + admin_port);
    text = replaced(text, "listen: {address: 127.0.0.1, port: 0}", "listen: {address: 127.0.0.1, port: 1}");
    text = replaced(text, "  - name: beta\n", "  - name: gamma\n");
    write_file(bridge.config_path(), text);

    ::unsetenv("SCIM_BRIDGE_ADMIN_TOKEN");
    const auto without_token = run_cli({"reload", "--config", bridge.config_path().string()});
    CHECK(without_token.status == 2);
    CHECK(contains(without_token.err, "admin listener wants its token"));
    CHECK(status_with_token(bridge, "beta", beta_token) == 200);

    ::setenv("SCIM_BRIDGE_ADMIN_TOKEN", admin_token, 1);
    const auto applied = run_cli({"reload", "--config", bridge.config_path().string()});
    INFO(applied.out << applied.err);
    CHECK(applied.status == 0);
    CHECK(contains(applied.out, "reloaded"));
    CHECK(contains(applied.out, "target gamma: added"));
    CHECK(contains(applied.out, "target beta: removed"));
    CHECK(contains(applied.out, "changed but needing a restart:\n  listen\n"));
    // gamma (beta's token) serves; beta is gone, answered like a wrong token.
    CHECK(status_with_token(bridge, "gamma", beta_token) == 200);
    CHECK(status_with_token(bridge, "beta", beta_token) == 401);
    CHECK(contains(bridge.access_log(), "config_reload_needs_restart"));

    // Refused by the bridge: a new target whose mapping file is broken.
    // Exit 1, the place in the file printed; nothing of it applies.
    write_file(bridge.directory() / "delta.yaml", "version: 1\ntarget: delta\nno_such_key: true\n");
    write_file(bridge.config_path(),
               text + "  - name: delta\n    mapping: delta.yaml\n    tokens: [\"" + config::hash_token(delta_token) +
                   "\"]\n");
    const auto refused = run_cli({"reload", "--config", bridge.config_path().string()});
    INFO(refused.out << refused.err);
    CHECK(refused.status == 1);
    CHECK(contains(refused.err, "refused"));
    CHECK(std::regex_search(refused.err, std::regex(R"(delta\.yaml:\d+:\d+)")));
    CHECK(status_with_token(bridge, "delta", delta_token) == 401);
    // A file the verb cannot read itself: it says where, and asks nothing.
    write_file(bridge.config_path(), replaced(text, "threads: 2", "threads: lots"));
    const auto unreadable = run_cli({"reload", "--config", bridge.config_path().string()});
    CHECK(unreadable.status == 2);
    CHECK(std::regex_search(unreadable.err, std::regex(R"(config\.yaml:3:\d+)")));
    ::unsetenv("SCIM_BRIDGE_ADMIN_TOKEN");
    CHECK(status_with_token(bridge, "gamma", beta_token) == 200);
}
