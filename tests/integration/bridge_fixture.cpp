#include "integration/bridge_fixture.hpp"

#include "config/config_loader.hpp"
#include "config/token_hash.hpp"

#include <fstream>
#include <random>
#include <sstream>

namespace integration {
namespace json = boost::json;

namespace {

std::filesystem::path fresh_directory()
{
    std::random_device device;
    auto dir = std::filesystem::temp_directory_path() /
               ("scim-bridge-it-" + std::to_string(device()) + "-" + std::to_string(device()));
    std::filesystem::create_directories(dir);
    return dir;
}

} // namespace

std::string scim_reply::string_at(std::string_view pointer) const
{
    return std::string(body.at_pointer(pointer).as_string());
}

bridge_fixture::bridge_fixture(std::string extra_target_yaml, std::string extra_top_level_yaml)
    : directory_(fresh_directory())
{
    std::ostringstream yaml;
    yaml << "listen: {address: 127.0.0.1, port: 0}\n"
         << "store: {path: " << (directory_ / "bridge.db").string() << "}\n"
         << "threads: 2\n"
         << extra_top_level_yaml << "targets:\n"
         << "  - name: alpha\n    tokens: [\"" << config::hash_token(alpha_token) << "\", \""
         << config::hash_token(alpha_rotated_token) << "\"]\n"
         << "  - name: beta\n    tokens: [\"" << config::hash_token(beta_token) << "\"]\n"
         << extra_target_yaml;
    config_text_ = yaml.str();
    // On disk too: a reload re-reads it.
    std::ofstream(config_path()) << config_text_;
    auto settings = config::parse_server_config(config_text_, config_path());
    log_ = std::fopen((directory_ / "access.log").c_str(), "w");
    app_ = std::make_unique<app::bridge_app>(std::move(settings), app::default_schemas_dir(), log_);
    runner_ = std::thread([this] { app_->run(); });
    client_ = std::make_unique<test_support::http_test_client>(app_->port());
}

bridge_fixture::~bridge_fixture()
{
    client_.reset();
    app_->stop();
    runner_.join();
    app_.reset();
    std::fclose(log_);
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

config::server_config bridge_fixture::verb_settings() const
{
    config::server_config settings;
    settings.store.path = directory_ / "bridge.db";
    settings.targets.resize(2);
    settings.targets[0].name = "alpha";
    settings.targets[1].name = "beta";
    return settings;
}

std::string bridge_fixture::access_log() const
{
    std::fflush(log_);
    std::ifstream in(directory_ / "access.log");
    return {std::istreambuf_iterator<char>(in), {}};
}

scim_reply bridge_fixture::raw_call(server::http::verb method, const std::string& target_path, std::string body,
                                    test_support::header_list headers)
{
    scim_reply reply;
    reply.raw = client_->request(method, target_path, std::move(body), headers);
    reply.status = reply.raw.result_int();
    boost::system::error_code ec;
    if (!reply.raw.body().empty())
        reply.body = json::parse(reply.raw.body(), ec);
    if (ec)
        reply.body = nullptr;
    return reply;
}

scim_reply bridge_fixture::call(server::http::verb method, const std::string& path, const json::value& body,
                                const std::string& target, test_support::header_list headers)
{
    const char* token = target == "beta" ? beta_token : alpha_token;
    headers.emplace_back("Authorization", std::string("Bearer ") + token);
    return raw_call(method, "/scim/v2/" + target + path, body.is_null() ? std::string() : json::serialize(body),
                    headers);
}

json::object bridge_fixture::create_user(const std::string& user_name, json::object extra)
{
    extra["schemas"] = json::array{"urn:ietf:params:scim:schemas:core:2.0:User"};
    extra["userName"] = user_name;
    auto reply = call(server::http::verb::post, "/Users", extra);
    if (reply.status != 201)
        throw std::runtime_error("create_user failed: " + reply.raw.body());
    return reply.object();
}

json::object bridge_fixture::create_group(const std::string& display_name, json::array members)
{
    json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                      {"displayName", display_name}};
    if (!members.empty())
        body["members"] = std::move(members);
    auto reply = call(server::http::verb::post, "/Groups", body);
    if (reply.status != 201)
        throw std::runtime_error("create_group failed: " + reply.raw.body());
    return reply.object();
}

} // namespace integration
