#include "vendor_fixture.hpp"

#include "config/config_loader.hpp"
#include "config/token_hash.hpp"

#include <cstdlib>
#include <random>
#include <fstream>
#include <sstream>

namespace bridge_test {
namespace json = boost::json;

temp_directory::temp_directory()
{
    std::random_device device;
    path_ = std::filesystem::temp_directory_path() /
            ("scim-bridge-pipe-" + std::to_string(device()) + "-" + std::to_string(device()));
    std::filesystem::create_directories(path_);
}

temp_directory::~temp_directory()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path example_vendor_mapping()
{
    return std::filesystem::path(SCIM_BRIDGE_SOURCE_DIR) / "mappings" / "example-vendor.yaml";
}

std::string vendor_config_yaml(const std::filesystem::path& directory, const std::string& vendor_host,
                               const std::filesystem::path& mapping, const std::string& target_yaml)
{
    // The mapping declares its secret as this variable; the value is the
    // test vendor's admin password.
    ::setenv("EXAMPLE_VENDOR_ADMIN_PASSWORD", vendor_password, 1);
    std::ostringstream yaml;
    yaml << "listen: {address: 127.0.0.1, port: 0}\n"
         << "store: {path: " << (directory / "bridge.db").string() << "}\n"
         << "threads: 2\n"
         << "targets:\n"
         << "  - name: vendor\n"
         << "    mapping: " << mapping.string() << "\n"
         << "    parameters: {host: \"" << vendor_host << "\", tenantId: " << vendor_tenant
         << ", companyId: \"C-7\"}\n"
         << "    tokens: [\"" << config::hash_token(scim_token) << "\"]\n"
         << target_yaml;
    return yaml.str();
}

config::server_config vendor_config(const std::filesystem::path& directory, const std::string& vendor_host)
{
    return config::parse_server_config(vendor_config_yaml(directory, vendor_host), directory / "config.yaml");
}

vendor_fixture::vendor_fixture()
{
    start(example_vendor_mapping());
}

vendor_fixture::vendor_fixture(const std::function<std::string(std::string)>& edit_mapping)
{
    std::ifstream shipped(example_vendor_mapping());
    std::ostringstream text;
    text << shipped.rdbuf();
    const auto mapping = directory_.path() / "example-vendor.yaml";
    std::ofstream(mapping) << edit_mapping(text.str());
    start(mapping);
}

vendor_fixture::vendor_fixture(std::string target_yaml) : target_yaml_(std::move(target_yaml))
{
    start(example_vendor_mapping());
}

void vendor_fixture::start(const std::filesystem::path& mapping)
{
    mapping_ = mapping;
    config_yaml_ = vendor_config_yaml(directory_.path(), vendor_.host(), mapping, target_yaml_);
    if (!log_)
        log_ = std::fopen((directory_.path() / "bridge.log").c_str(), "w");
    app_ = std::make_unique<app::bridge_app>(config::parse_server_config(config_yaml_, directory_.path() / "config.yaml"),
                                             app::default_schemas_dir(), log_);
    runner_ = std::thread([this] { app_->run(); });
    client_ = std::make_unique<test_support::http_test_client>(app_->port(), std::chrono::seconds(60));
}

void vendor_fixture::stop()
{
    client_.reset();
    app_->stop();
    runner_.join();
    app_.reset();
}

void vendor_fixture::restart()
{
    stop();
    start(mapping_);
}

vendor_fixture::~vendor_fixture()
{
    stop();
    std::fclose(log_);
}

scim_reply vendor_fixture::call(server::http::verb method, const std::string& path, const json::value& body)
{
    scim_reply reply;
    reply.raw = client_->request(method, "/scim/v2/vendor" + path, body.is_null() ? std::string() : json::serialize(body),
                                 {{"Authorization", std::string("Bearer ") + scim_token}});
    reply.status = reply.raw.result_int();
    boost::system::error_code ec;
    if (!reply.raw.body().empty())
        reply.body = json::parse(reply.raw.body(), ec);
    if (ec)
        reply.body = nullptr;
    return reply;
}

} // namespace bridge_test
