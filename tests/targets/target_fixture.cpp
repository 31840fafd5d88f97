#include "target_fixture.hpp"

#include "config/config_loader.hpp"
#include "config/token_hash.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace target_test {

namespace {

std::filesystem::path fresh_directory()
{
    std::random_device device;
    auto dir = std::filesystem::temp_directory_path() /
               ("scim-bridge-target-" + std::to_string(device()) + "-" + std::to_string(device()));
    std::filesystem::create_directories(dir);
    return dir;
}

struct deployment {
    std::map<std::string, std::string> parameters;  // besides baseUrl
    std::map<std::string, std::string> environment;  // the secrets the mapping reads
};

// What each mapping file needs to talk to its simulator with the
// simulator's default configuration (docs/vendor-simulators.md).
deployment deployment_for(const std::string& vendor)
{
    if (vendor == "twiser-wokr")
        return {{{"adminEmail", "integration@example.com"}, {"tenantId", "60"}, {"companyId", "360"}},
                {{"TWISER_WOKR_ADMIN_PASSWORD", "integration-password"}}};
    if (vendor == "twiser-lxp")
        return {{{"adminEmail", "integration@example.com"}, {"companyId", "94"}},
                {{"TWISER_LXP_ADMIN_PASSWORD", "integration-password"}}};
    if (vendor == "platform-identity")
        return {{{"tenantKey", "tenant"}, {"orgKey", "org"}},
                {{"PLATFORM_IDENTITY_TOKEN", "platform-identity-token"}}};
    if (vendor == "customer-directory")
        return {{{"customerId", "5f0c1e2d3c4b5a6978877665"}, {"integration", "scim"}},
                {{"CUSTOMER_DIRECTORY_TOKEN", "customer-directory-token"}}};
    if (vendor == "retail-checklists")
        return {{{"businessDirId", "1"}}, {{"RETAIL_CHECKLISTS_TOKEN", "retail-checklists-token"}}};
    if (vendor == "learningpool")
        return {{{"tenantId", "73c9ac34-bc35-4c17-b60f-8ec0b134a72b"}},
                {{"LEARNINGPOOL_API_KEY", "lp-test-api-key"}}};
    throw std::invalid_argument("no deployment known for target " + vendor);
}

reply to_reply(server::http_response raw)
{
    reply r;
    r.status = raw.result_int();
    boost::system::error_code ec;
    if (!raw.body().empty())
        r.body = json::parse(raw.body(), ec);
    if (ec)
        r.body = nullptr;
    r.raw = std::move(raw);
    return r;
}

} // namespace

const json::value* reply::find(std::string_view pointer) const
{
    boost::system::error_code ec;
    return body.find_pointer(pointer, ec);
}

std::string reply::text(std::string_view pointer) const
{
    const auto* found = find(pointer);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

target_fixture::target_fixture(std::string vendor, target_options options)
    : vendor_(std::move(vendor)), directory_(fresh_directory()), sim_(vendor_)
{
    auto setup = deployment_for(vendor_);
    for (const auto& [name, value] : setup.environment)
        ::setenv(name.c_str(), value.c_str(), 1);
    setup.parameters["baseUrl"] = "http://127.0.0.1:" + std::to_string(sim_.port());
    for (auto& [name, value] : options.parameters)
        setup.parameters[name] = value;

    std::filesystem::path mapping_file = std::filesystem::path(SCIM_BRIDGE_SOURCE_DIR) / "mappings" / (vendor_ + ".yaml");
    if (!options.mapping_edits.empty()) {
        std::ifstream in(mapping_file);
        std::string text{std::istreambuf_iterator<char>(in), {}};
        for (const auto& [from, to] : options.mapping_edits) {
            const auto at = text.find(from);
            if (at == std::string::npos)
                throw std::invalid_argument("mapping edit: '" + from + "' is not in " + mapping_file.string());
            text.replace(at, from.size(), to);
        }
        mapping_file = directory_ / (vendor_ + ".yaml");
        std::ofstream(mapping_file) << text;
    }

    std::ostringstream yaml;
    yaml << "listen: {address: 127.0.0.1, port: 0}\n"
         << "store: {path: " << (directory_ / "bridge.db").string() << "}\n"
         << "threads: 2\n"
         << "targets:\n"
         << "  - name: " << vendor_ << "\n"
         << "    mapping: " << mapping_file.string() << "\n"
         << "    tokens: [\"" << config::hash_token(scim_token) << "\"]\n"
         << "    parameters:\n";
    for (const auto& [name, value] : setup.parameters)
        yaml << "      " << name << ": " << json::serialize(json::value(value)) << "\n";
    yaml << options.extra_target_yaml;
    config_yaml_ = yaml.str();
    // On disk too, for the admin verbs (`jobs`, `dry-run`) that read it.
    std::ofstream(config_path()) << config_yaml_;

    sim_client_ = std::make_unique<test_support::http_test_client>(sim_.port(), std::chrono::seconds(30));
    log_ = std::fopen((directory_ / "bridge.log").c_str(), "w");
    try {
        start_bridge();
    } catch (...) {
        // No destructor runs for a constructor that throws (a bridge that
        // refuses its configuration): clean up here.
        sim_client_.reset();
        std::fclose(log_);
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
        throw;
    }
}

target_fixture::~target_fixture()
{
    stop_bridge();
    sim_client_.reset();
    if (log_)
        std::fclose(log_);
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

void target_fixture::start_bridge()
{
    auto settings = config::parse_server_config(config_yaml_, config_path());
    app_ = std::make_unique<app::bridge_app>(std::move(settings), app::default_schemas_dir(), log_);
    runner_ = std::thread([this] { app_->run(); });
    // Longer than any vendor deadline, so that a slow answer is seen as such.
    client_ = std::make_unique<test_support::http_test_client>(app_->port(), std::chrono::seconds(90));
}

void target_fixture::stop_bridge()
{
    client_.reset();
    if (app_) {
        app_->stop();
        runner_.join();
        app_.reset();
    }
}

void target_fixture::restart_bridge()
{
    stop_bridge();
    start_bridge();
}

std::string target_fixture::bridge_log() const
{
    std::fflush(log_);
    std::ifstream in(directory_ / "bridge.log");
    return {std::istreambuf_iterator<char>(in), {}};
}

reply target_fixture::scim(verb method, const std::string& path, const json::value& body,
                           test_support::header_list headers)
{
    headers.emplace_back("Authorization", std::string("Bearer ") + scim_token);
    return to_reply(client_->request(method, "/scim/v2/" + vendor_ + path,
                                     body.is_null() ? std::string() : json::serialize(body), headers));
}

reply target_fixture::sim(verb method, const std::string& path, const json::value& body,
                          test_support::header_list headers)
{
    if (!body.is_null())
        headers.emplace_back("Content-Type", "application/json");
    return to_reply(sim_client_->request(method, path, body.is_null() ? std::string() : json::serialize(body),
                                         headers));
}

json::object target_fixture::sim_state()
{
    auto r = sim(verb::get, "/_sim/state");
    if (r.status != 200 || !r.body.is_object())
        throw std::runtime_error("GET /_sim/state answered " + std::to_string(r.status));
    return r.body.as_object().at("state").as_object();
}

json::array target_fixture::vendor_calls()
{
    auto r = sim(verb::get, "/_sim/requests");
    if (r.status != 200)
        throw std::runtime_error("GET /_sim/requests answered " + std::to_string(r.status));
    // Either a bare array or {requests: [...]}.
    if (r.body.is_array())
        return r.body.as_array();
    return r.body.as_object().at("requests").as_array();
}

namespace {
void expect_ok(const reply& r, const std::string& what)
{
    if (r.status / 100 != 2)
        throw std::runtime_error(what + " answered " + std::to_string(r.status) + ": " + r.raw.body());
}
} // namespace

void target_fixture::configure_sim(const json::object& config)
{
    expect_ok(sim(verb::post, "/_sim/config", config), "POST /_sim/config");
}

void target_fixture::set_faults(const json::object& faults)
{
    expect_ok(sim(verb::post, "/_sim/faults", faults), "POST /_sim/faults");
}

void target_fixture::seed_sim(const json::object& records)
{
    expect_ok(sim(verb::post, "/_sim/seed", records), "POST /_sim/seed");
}

void target_fixture::forget_vendor_calls()
{
    expect_ok(sim(verb::delete_, "/_sim/requests"), "DELETE /_sim/requests");
}

std::string user_name_filter(std::string_view user_name)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : "userName eq \"" + std::string(user_name) + "\"") {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += hex[c >> 4];
            encoded += hex[c & 15];
        }
    }
    return "/Users?filter=" + encoded;
}

json::object scim_patch(json::array operations)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", std::move(operations)}};
}

json::object replace_op(std::string path, json::value value)
{
    return {{"op", "Replace"}, {"path", std::move(path)}, {"value", std::move(value)}};
}

json::object replace_op(json::object value)
{
    return {{"op", "replace"}, {"value", std::move(value)}};
}

json::object add_op(std::string path, json::value value)
{
    return {{"op", "Add"}, {"path", std::move(path)}, {"value", std::move(value)}};
}

json::object remove_op(std::string path)
{
    return {{"op", "Remove"}, {"path", std::move(path)}};
}

} // namespace target_test
