#pragma once
// A scim-bridge in-process on port 0 whose target "vendor" is served through
// mappings/example-vendor.yaml against the in-process example_vendor, plus a
// SCIM client for it. Also the configuration alone, for dry runs.

#include "app/bridge_app.hpp"
#include "example_vendor.hpp"
#include "support/http_test_client.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace bridge_test {

inline constexpr const char* scim_token = "vendor-target-token-0123456789abcdef0123456789";

struct scim_reply {
    unsigned status = 0;
    boost::json::value body;
    server::http_response raw;
};

// A fresh directory, removed on destruction.
class temp_directory {
public:
    temp_directory();
    ~temp_directory();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// The shipped mapping of the example vendor.
std::filesystem::path example_vendor_mapping();

// The YAML of a bridge with one vendor target "vendor" (vendor at
// `vendor_host`), served through `mapping` (default: the shipped one).
// `target_yaml`: more keys of the target, each line indented by four.
std::string vendor_config_yaml(const std::filesystem::path& directory, const std::string& vendor_host,
                               const std::filesystem::path& mapping = example_vendor_mapping(),
                               const std::string& target_yaml = {});
config::server_config vendor_config(const std::filesystem::path& directory, const std::string& vendor_host);

class vendor_fixture {
public:
    vendor_fixture();
    // The shipped example mapping as `edit_mapping` changes it (a test's
    // variant of the vendor's API).
    explicit vendor_fixture(const std::function<std::string(std::string)>& edit_mapping);
    // The shipped mapping, the target configured with more keys
    // (`target_yaml`, as vendor_config_yaml takes them).
    explicit vendor_fixture(std::string target_yaml);
    ~vendor_fixture();

    // Stops the bridge and starts it again on the same store.
    void restart();
    const std::string& config_yaml() const { return config_yaml_; }

    example_vendor& vendor() { return vendor_; }
    app::bridge_app& app() { return *app_; }
    const std::filesystem::path& directory() const { return directory_.path(); }

    scim_reply call(server::http::verb method, const std::string& path, const boost::json::value& body = nullptr);

private:
    void start(const std::filesystem::path& mapping);
    void stop();

    example_vendor vendor_;
    temp_directory directory_;
    std::FILE* log_ = nullptr;
    std::unique_ptr<app::bridge_app> app_;
    std::thread runner_;
    std::unique_ptr<test_support::http_test_client> client_;
    std::filesystem::path mapping_;
    std::string target_yaml_;
    std::string config_yaml_;
};

} // namespace bridge_test
