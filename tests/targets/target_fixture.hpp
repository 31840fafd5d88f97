#pragma once
// One target system end to end: its vendor simulator in-process on a
// loopback port, and a real scim-bridge in-process whose target (named like
// the vendor) is served through mappings/<vendor>.yaml against it, with the
// deployment parameters and secrets the simulator's defaults expect.
// Everything travels over real HTTP; the store is a real SQLite file.

#include "app/bridge_app.hpp"
#include "http_server.hpp"  // vendor_sim::running_sim
#include "support/http_test_client.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace target_test {

namespace json = boost::json;
using server::http::verb;

inline constexpr const char* scim_token = "target-e2e-token-0123456789abcdef0123456789abcdef";
inline const json::string enterprise_urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

struct reply {
    unsigned status = 0;
    json::value body;  // null when empty or not JSON
    server::http_response raw;

    // The string at a JSON pointer, or "" when absent or not a string.
    std::string text(std::string_view pointer) const;
    const json::value* find(std::string_view pointer) const;
};

struct target_options {
    // Overrides or additions to the deployment parameters.
    std::map<std::string, std::string> parameters;
    // Appended under the target's entry (indented by 4 spaces), e.g.
    // "    user_patch_status: 204\n".
    std::string extra_target_yaml;
    // Text replacements in a copy of the shipped mapping file (e.g. shorter
    // polling intervals for tests); each `from` must occur in the file.
    std::vector<std::pair<std::string, std::string>> mapping_edits;
};

class target_fixture {
public:
    // `vendor` names both the simulator and the mapping file.
    explicit target_fixture(std::string vendor, target_options options = {});
    ~target_fixture();
    target_fixture(const target_fixture&) = delete;
    target_fixture& operator=(const target_fixture&) = delete;

    const std::string& vendor() const { return vendor_; }
    const std::filesystem::path& directory() const { return directory_; }
    // The bridge's configuration file (written by the fixture).
    std::filesystem::path config_path() const { return directory_ / "config.yaml"; }
    app::bridge_app& app() { return *app_; }
    std::uint16_t sim_port() const { return sim_.port(); }

    // SCIM to /scim/v2/<vendor><path> with the target's token.
    reply scim(verb method, const std::string& path, const json::value& body = nullptr,
               test_support::header_list headers = {});
    // Any call to the simulator (vendor API or /_sim/ control API), without auth.
    reply sim(verb method, const std::string& path, const json::value& body = nullptr,
              test_support::header_list headers = {});

    // The simulator's records: the "state" member of GET /_sim/state.
    json::object sim_state();
    // The vendor calls the simulator saw (GET /_sim/requests), oldest first.
    json::array vendor_calls();
    // POST /_sim/config and /_sim/faults; throw when the simulator refuses.
    void configure_sim(const json::object& config);
    void set_faults(const json::object& faults);
    void seed_sim(const json::object& records);
    // Empties the simulator's request log, so that vendor_calls() then shows
    // only what the next SCIM requests caused.
    void forget_vendor_calls();

    // Stops the bridge and starts a new one on the same store and config
    // (what a restart after a crash or an upgrade looks like).
    void restart_bridge();
    // The bridge's log (events and access log lines) so far.
    std::string bridge_log() const;

private:
    void start_bridge();
    void stop_bridge();

    std::string vendor_;
    std::filesystem::path directory_;
    vendor_sim::running_sim sim_;
    std::string config_yaml_;
    std::FILE* log_ = nullptr;
    std::unique_ptr<app::bridge_app> app_;
    std::thread runner_;
    std::unique_ptr<test_support::http_test_client> client_;
    std::unique_ptr<test_support::http_test_client> sim_client_;
};

// "/Users?filter=userName eq \"<name>\"", percent-encoded as identity
// providers send it.
std::string user_name_filter(std::string_view user_name);

// SCIM bodies as identity providers send them.
json::object scim_patch(json::array operations);
json::object replace_op(std::string path, json::value value);
json::object replace_op(json::object value);  // no path
json::object add_op(std::string path, json::value value);
json::object remove_op(std::string path);

} // namespace target_test
