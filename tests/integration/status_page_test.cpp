// The admin listener's status page in a real browser: headless Chromium
// (Debian's, installed by scripts/install-deps.sh) opens it against a
// running bridge with two targets, one paused, one whose vendor failed, and
// the test reads what the page shows from the DOM the page's script built.
// A screenshot is kept as an artefact: <build>/status-page.png.

#include "integration/bridge_fixture.hpp"

#include "app/target_pause_commands.hpp"
#include "observability/vendor_errors.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

using namespace integration;
using server::http::verb;

namespace {

const char* const chromium = "/usr/bin/chromium";

// Runs headless Chromium on `url` with `arguments`; returns what it printed.
std::string run_chromium(const std::string& arguments, const std::string& url)
{
    // Root in CI: Chromium's sandbox needs a user namespace it may not get.
    const std::string command = std::string(chromium) +
                                " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                                "--user-data-dir=" +
                                (std::filesystem::temp_directory_path() / "scim-bridge-chromium").string() +
                                " --virtual-time-budget=8000 " + arguments + " '" + url + "' 2>/dev/null";
    std::string output;
    if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
        std::array<char, 4096> chunk{};
        while (const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), pipe))
            output.append(chunk.data(), n);
        ::pclose(pipe);
    }
    return output;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("the status page in headless Chromium: each target's state, activity and the vendor errors",
          "[admin][browser]")
{
    INFO("Chromium is missing? bash scripts/install-deps.sh installs it");
    REQUIRE(std::filesystem::exists(chromium));
    bridge_fixture bridge({}, "admin: {address: 127.0.0.1, port: 0}\n");
    const config::server_config settings = bridge.verb_settings();
    std::ostringstream out, err;
    REQUIRE(app::pause_target(settings, "beta", "vendor upgrade until 14:00", out, err) == 0);
    for (int i = 0; i < 60 && bridge.call(verb::get, "/Users", nullptr, "beta").status != 503; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (int i = 0; i < 5; ++i)
        bridge.create_user("page" + std::to_string(i) + "@example.com");
    // A vendor failure as the connector's audit sink reports one (local
    // targets have no vendor).
    observability::process_vendor_errors().record({"alpha", std::chrono::system_clock::now(), 503, "POST",
                                                   "/api/users", "req-page-1", ""});

    const std::string url = "http://127.0.0.1:" + std::to_string(bridge.app().admin()->port()) + "/";
    const std::string dom = run_chromium("--dump-dom", url);
    INFO(dom);
    REQUIRE(contains(dom, "data-loaded=\"true\""));  // the script ran and fetched its data
    CHECK(contains(dom, R"(<section class="target" data-target="alpha" data-state="failing">)"));
    CHECK(contains(dom, R"(<section class="target" data-target="beta" data-state="paused">)"));
    CHECK(contains(dom, "vendor upgrade until 14:00"));
    CHECK(contains(dom, "requests: 5"));  // alpha's creates, in its last-hour chart's legend
    CHECK(contains(dom, "<polyline"));
    CHECK(contains(dom, "<td>req-page-1</td>"));
    CHECK(contains(dom, "<td>POST /api/users</td>"));
    CHECK(contains(dom, ">ready<"));

    const auto screenshot = std::filesystem::path(SCIM_BRIDGE_BINARY_DIR) / "status-page.png";
    std::filesystem::remove(screenshot);
    run_chromium("--window-size=1280,900 --screenshot=" + screenshot.string(), url);
    CHECK(std::filesystem::exists(screenshot));
    CHECK(std::filesystem::file_size(screenshot) > 10'000);
}
