#pragma once
// A real scim-bridge, in-process, on a loopback port and a fresh SQLite file,
// with two local targets ("alpha", "beta") and a token for each; plus a
// client that speaks SCIM to it over real HTTP.

#include "app/bridge_app.hpp"
#include "support/http_test_client.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace integration {

inline constexpr const char* alpha_token = "alpha-token-0123456789abcdef0123456789abcdef";
inline constexpr const char* beta_token = "beta-token-0123456789abcdef0123456789abcdef";
inline constexpr const char* gamma_token = "gamma-token-0123456789abcdef0123456789abcdef";
inline constexpr const char* alpha_rotated_token = "alpha-token-rotated-0123456789abcdef0123456789";

struct scim_reply {
    unsigned status = 0;
    boost::json::value body;  // null when the body is empty or not JSON
    server::http_response raw;

    const boost::json::object& object() const { return body.as_object(); }
    std::string string_at(std::string_view pointer) const;
};

class bridge_fixture {
public:
    // `extra_target_yaml` is appended to the targets list (for settings tests).
    explicit bridge_fixture(std::string extra_target_yaml = {}, std::string extra_top_level_yaml = {});
    ~bridge_fixture();

    std::uint16_t port() const { return app_->port(); }
    app::bridge_app& app() { return *app_; }
    // What an admin verb (`scim-bridge pause --config`) reads of this bridge's
    // configuration: its store and its targets' names.
    config::server_config verb_settings() const;
    const std::filesystem::path& directory() const { return directory_; }
    // The configuration file the bridge was started from, and its text.
    std::filesystem::path config_path() const { return directory_ / "config.yaml"; }
    const std::string& config_text() const { return config_text_; }
    std::string access_log() const;

    // A request to /scim/v2/<target><path> with the target's token.
    scim_reply call(server::http::verb method, const std::string& path, const boost::json::value& body = nullptr,
                    const std::string& target = "alpha", test_support::header_list headers = {});
    scim_reply raw_call(server::http::verb method, const std::string& target_path, std::string body,
                        test_support::header_list headers);

    // Shorthands.
    boost::json::object create_user(const std::string& user_name, boost::json::object extra = {});
    boost::json::object create_group(const std::string& display_name, boost::json::array members = {});

private:
    std::filesystem::path directory_;
    std::string config_text_;
    std::FILE* log_ = nullptr;
    std::unique_ptr<app::bridge_app> app_;
    std::thread runner_;
    std::unique_ptr<test_support::http_test_client> client_;
};

} // namespace integration
