// `scim-bridge dry-run`: the vendor requests of a SCIM request, computed on
// the current store exactly as the pipeline would, secrets masked, nothing
// sent and nothing stored.

#include "app/bridge_app.hpp"
#include "app/mapping_commands.hpp"
#include "bridge/resource_service.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "vendor_fixture.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace json = boost::json;

namespace {

// The vendor is never contacted: a host that cannot resolve proves it.
const std::string unreachable = "vendor.invalid:9";

struct dry_result {
    int status = 0;
    std::string out, err;
};

dry_result run(const config::server_config& config, const std::string& target, const std::string& request)
{
    std::ostringstream out, err;
    dry_result r;
    r.status = app::dry_run(config, target, request, app::default_schemas_dir(), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const char* create_request = R"({"method": "POST", "path": "/Users", "body": {
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "  Barbara.Jensen@Example.com ",
  "name": {"givenName": "Barbara", "familyName": "Jensen"},
  "emails": [{"type": "work", "value": "bjensen@example.com"}],
  "active": true}})";

// A user stored for target "vendor" (as a local pipeline would) and linked to vendor id "u-77".
std::string seed_user(const config::server_config& config)
{
    auto database = store::database::open({config.store.path});
    auto schemas = scim::schema_registry::load(app::default_schemas_dir());
    bridge::resource_service service({"vendor", "http://localhost/scim/v2/vendor", schemas,
                                      std::make_shared<store::sqlite_resource_store>(database), nullptr, {}});
    json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                      {"userName", "kim"},
                      {"name", json::object{{"givenName", "Kim"}, {"familyName", "Lee"}}},
                      {"emails", json::array{json::object{{"type", "work"}, {"value", "kim@example.com"}}}}};
    std::string id;
    boost::asio::io_context io;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            auto created = co_await service.create(*schemas->find_resource_type("User"), body, bridge::request_scope::unbounded("seed"));
            id = std::string(created.value().resource.at("id").as_string());
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    io.run();
    store::sqlite_correlation_store(database).link("vendor", "User", id, "u-77");
    database->close();
    return id;
}

std::size_t stored_users(const config::server_config& config)
{
    auto database = store::database::open({config.store.path});
    const auto count = store::sqlite_resource_store(database).count("vendor", "User");
    database->close();
    return static_cast<std::size_t>(count);
}

} // namespace

TEST_CASE("dry run of a create prints the vendor request with secrets masked")
{
    bridge_test::temp_directory dir;
    const auto config = bridge_test::vendor_config(dir.path(), unreachable);
    const auto r = run(config, "vendor", create_request);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("POST http://vendor.invalid:9/api/users\n") != std::string::npos);
    CHECK(r.out.find("x-tenant-id: tenant-42") != std::string::npos);
    CHECK(r.out.find("\"userName\":\"barbara.jensen@example.com\"") != std::string::npos);
    CHECK(r.out.find("\"fullName\":\"Barbara Jensen\"") != std::string::npos);
    CHECK(r.out.find("\"companyId\":\"C-7\"") != std::string::npos);
    // The generated password is a secret.
    CHECK(r.out.find("\"password\":\"***\"") != std::string::npos);
    CHECK(stored_users(config) == 0);
}

TEST_CASE("dry run shows the login request it would send first, its secret masked")
{
    bridge_test::temp_directory dir;
    const auto config = bridge_test::vendor_config(dir.path(), unreachable);
    const auto r = run(config, "vendor", create_request);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const auto login = r.out.find("# auth: login, before the first call\nPOST http://vendor.invalid:9/api/auth/login\n");
    CHECK(login != std::string::npos);
    CHECK(login < r.out.find("POST http://vendor.invalid:9/api/users\n"));
    CHECK(r.out.find(R"({"email":"admin@example.test","password":"***"})") != std::string::npos);
    CHECK(r.out.find(bridge_test::vendor_password) == std::string::npos);
}

TEST_CASE("dry run of a patch uses the stored state and the correlated vendor id")
{
    bridge_test::temp_directory dir;
    const auto config = bridge_test::vendor_config(dir.path(), unreachable);
    const auto id = seed_user(config);
    const std::string request = R"({"method": "PATCH", "path": "/Users/)" + id + R"(", "body": {
      "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations": [{"op": "replace", "value": {"active": false, "name.givenName": "Kimberly"}}]}})";
    const auto r = run(config, "vendor", request);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("PUT http://vendor.invalid:9/api/users/u-77\n") != std::string::npos);
    CHECK(r.out.find("\"firstName\":\"Kimberly\"") != std::string::npos);
    CHECK(r.out.find("\"lastName\":\"Lee\"") != std::string::npos);
    CHECK(r.out.find("POST http://vendor.invalid:9/api/users/u-77/deactivate\n") != std::string::npos);

    // Nothing was stored: the same dry run gives the same answer.
    const auto again = run(config, "vendor", request);
    CHECK(again.out == r.out);
}

TEST_CASE("dry run reports the SCIM error the bridge would answer")
{
    bridge_test::temp_directory dir;
    const auto config = bridge_test::vendor_config(dir.path(), unreachable);
    const auto r = run(config, "vendor", R"({"method": "DELETE", "path": "/Users/nope"})");
    CHECK(r.status == 1);
    CHECK(r.err.find("404") != std::string::npos);
    CHECK(run(config, "nosuch", create_request).status == 2);
    CHECK(run(config, "vendor", R"({"method": "GET", "path": "/Users/x"})").status == 2);
    CHECK(run(config, "vendor", "not json").status == 2);
}

TEST_CASE("the dry-run verb reads the request from a file")
{
    bridge_test::temp_directory dir;
    const auto config_file = dir.path() / "config.yaml";
    std::ofstream(config_file) << bridge_test::vendor_config_yaml(dir.path(), unreachable);
    std::ofstream(dir.path() / "request.json") << create_request;
    const std::string binary = std::string(SCIM_BRIDGE_BINARY_DIR) + "/scim-bridge";
    const auto log = (dir.path() / "out.txt").string();
    const int status = std::system((binary + " dry-run --config " + config_file.string() + " --target vendor --request " +
                                    (dir.path() / "request.json").string() + " >" + log + " 2>&1")
                                       .c_str());
    std::ifstream in(log);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    INFO(text);
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(text.find("POST http://vendor.invalid:9/api/users") != std::string::npos);
}
