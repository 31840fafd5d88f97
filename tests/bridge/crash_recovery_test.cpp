// A real scim-bridge process killed with SIGKILL between the vendor's
// change and the store commit, then started again on the same store: the
// identity provider's retry must neither lose the user nor create a second
// vendor account, and start-up must see the interrupted call.

#include "store/sqlite/sqlite_correlation_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_intent_store.hpp"
#include "support/http_test_client.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace json = boost::json;
using server::http::verb;

namespace {

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

// `scim-bridge serve` as a child process; its events go to a file.
class bridge_process {
public:
    bridge_process(const std::filesystem::path& config, std::filesystem::path log) : log_(std::move(log))
    {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::string binary = SCIM_BRIDGE_BINARY, config_arg = config.string();
        char* argv[] = {binary.data(), const_cast<char*>("serve"), const_cast<char*>("--config"), config_arg.data(),
                        nullptr};
        const int failed = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (failed)
            throw std::runtime_error("cannot start " + binary);
        // The port appears in the "started" event.
        static const std::regex listening(R"re("listen":"127\.0\.0\.1:(\d+)")re");
        for (int i = 0; i < 200 && port_ == 0; ++i) {
            std::smatch match;
            const auto text = read_file(log_);
            if (std::regex_search(text, match, listening))
                port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (port_ == 0)
            throw std::runtime_error("the bridge did not start: " + read_file(log_));
    }
    ~bridge_process()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    void kill_hard()
    {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    std::uint16_t port() const { return port_; }
    std::string log() const { return read_file(log_); }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

json::object kim()
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", "kim@example.com"},
            {"name", json::object{{"givenName", "Kim"}, {"familyName", "Lee"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"value", "kim@example.com"}}}},
            {"active", true}};
}

server::http_response post_user(std::uint16_t port)
{
    test_support::http_test_client client(port, std::chrono::seconds(30));
    return client.request(verb::post, "/scim/v2/vendor/Users", json::serialize(kim()),
                          {{"Authorization", std::string("Bearer ") + bridge_test::scim_token}});
}

} // namespace

TEST_CASE("SIGKILL between the vendor's create and the commit: the retry links the account, no duplicate")
{
    bridge_test::example_vendor vendor;
    bridge_test::temp_directory dir;
    const auto config = dir.path() / "config.yaml";
    std::ofstream(config) << bridge_test::vendor_config_yaml(dir.path(), vendor.host());

    {
        bridge_process bridge(config, dir.path() / "first.log");
        // The vendor applies the create at once but answers only after 3 s:
        // the bridge is killed while it waits.
        vendor.set_answer_delay("POST", "/api/users", std::chrono::seconds(3));
        std::thread identity_provider([&] {
            try {
                post_user(bridge.port());
            } catch (const std::exception&) {
                // The connection dies with the process: no answer.
            }
        });
        for (int i = 0; i < 200 && vendor.user_count() == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        const bool applied = vendor.user_count() == 1;
        bridge.kill_hard();
        identity_provider.join();
        REQUIRE(applied);
        vendor.set_answer_delay({}, {}, std::chrono::milliseconds(0));
    }
    {
        // Nothing was committed; the intent is the trace.
        auto db = store::database::open({dir.path() / "bridge.db"});
        CHECK(store::sqlite_intent_store(db).pending().size() == 1);
        db->close();
    }

    std::string user_id;
    {
        bridge_process bridge(config, dir.path() / "second.log");
        CHECK(bridge.log().find("pending vendor intent") != std::string::npos);
        // The identity provider got no answer, so it sends the create again.
        auto retried = post_user(bridge.port());
        INFO(retried.body());
        REQUIRE(retried.result_int() == 201);
        user_id = std::string(json::parse(retried.body()).at("id").as_string());
        CHECK(vendor.user_count() == 1);  // linked, not created twice
    }
    {
        bridge_process bridge(config, dir.path() / "third.log");
        // The retry settled it: reported as resolved, no longer pending.
        CHECK(bridge.log().find("interrupted vendor intent resolved") != std::string::npos);
        CHECK(bridge.log().find("pending vendor intent") == std::string::npos);
    }
    auto db = store::database::open({dir.path() / "bridge.db"});
    CHECK(store::sqlite_correlation_store(db).vendor_id("vendor", "User", user_id) == std::optional<std::string>("u-1"));
    CHECK(store::sqlite_intent_store(db).pending().empty());
    db->close();
}
