#include "config/config_loader.hpp"
#include "config/file_exposure.hpp"
#include "config/token_hash.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace {

const std::string token_hash = config::hash_token("s3cret-token");

config::environment_lookup environment(std::map<std::string, std::string> values = {}) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

config::server_config parse(const std::string& text, std::map<std::string, std::string> env = {}) {
    return config::parse_server_config(text, "/etc/scim-bridge/config.yaml", environment(std::move(env)));
}

std::string minimal() {
    return "targets:\n  - name: local\n    tokens: [\"" + token_hash + "\"]\n";
}

// The message of the error parse() throws for `text`.
std::string error_of(const std::string& text, std::map<std::string, std::string> env = {}) {
    try {
        parse(text, std::move(env));
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    FAIL("no error for:\n" << text);
    return {};
}

} // namespace

TEST_CASE("a minimal file gets every default", "[config]") {
    const config::server_config config = parse(minimal());
    CHECK(config.listen.address == "127.0.0.1");
    CHECK(config.listen.port == 8080);
    CHECK_FALSE(config.tls);
    CHECK(config.public_url == "http://127.0.0.1:8080");
    CHECK(config.store.path == "/etc/scim-bridge/scim-bridge.db");
    CHECK(config.threads >= 1);
    CHECK(config.log.level == config::log_level::info);
    CHECK(config.log.access_log);
    CHECK(config.limits.max_body_bytes == 1024 * 1024);
    CHECK(config.limits.max_header_bytes == 16 * 1024);
    CHECK(config.limits.request_timeout == std::chrono::milliseconds(30000));
    CHECK(config.limits.idle_timeout == std::chrono::milliseconds(60000));
    CHECK(config.limits.max_connections == 1024);
    CHECK(config.limits.max_filter_results == 1000);
    CHECK(config.limits.default_page_size == 100);
    CHECK(config.limits.max_page_size == 1000);
    CHECK(config.limits.max_patch_operations == 1000);
    CHECK(config.limits.max_member_changes == 1000);
    CHECK(config.shutdown_grace == std::chrono::milliseconds(10000));
    REQUIRE(config.targets.size() == 1);
    CHECK(config.targets[0].name == "local");
    CHECK_FALSE(config.targets[0].mapping);
    CHECK(config.targets[0].token_hashes == std::vector<std::string>{token_hash});
    CHECK(config::patch_status_of(config.targets[0], "User") == 200);
    CHECK(config::patch_status_of(config.targets[0], "Group") == 200);
    CHECK_FALSE(config.targets[0].paused);
}

TEST_CASE("a full file is read and relative paths resolve against its folder", "[config]") {
    const config::server_config config = parse(R"(
listen: {address: 0.0.0.0, port: 8443}
tls:
  certificate_file: tls/cert.pem
  private_key_file: /secure/key.pem
public_url: https://scim.example.com/
store: {path: data/bridge.db}
threads: 4
log: {level: debug, access_log: false}
limits:
  max_body_bytes: 2048
  max_header_bytes: 4096
  request_timeout_ms: 5000
  idle_timeout_ms: 7000
  max_connections: 10
  max_filter_results: 50
  default_page_size: 20
  max_page_size: 40
  max_patch_operations: 300
  max_member_changes: 200
shutdown_grace_ms: 2500
targets:
  - name: local-users
    tokens: [")" + token_hash + R"("]
  - name: acme-crm
    mapping: ../mappings/acme.yaml
    parameters: {region: eu, tenant: "42"}
    secrets:
      api_key: {env: ACME_API_KEY}
      client_secret: {file: secrets/acme}
    tokens:
      - )" + config::hash_token("other") + R"(
    user_patch_status: 204
    paused: true
)");
    CHECK(config.listen.address == "0.0.0.0");
    CHECK(config.listen.port == 8443);
    REQUIRE(config.tls);
    CHECK(config.tls->certificate_file == "/etc/scim-bridge/tls/cert.pem");
    CHECK(config.tls->private_key_file == "/secure/key.pem");
    CHECK(config.tls->ciphers == config::default_tls_ciphers);  // not set: forward-secret AEAD only
    CHECK_FALSE(config.tls->tls13_only);
    CHECK(parse("tls: {certificate_file: c, private_key_file: k, ciphers: 'ECDHE-RSA-AES128-SHA', "
                "min_version: '1.3'}\n" + minimal()).tls->tls13_only);
    CHECK(config.public_url == "https://scim.example.com");
    CHECK(config.store.path == "/etc/scim-bridge/data/bridge.db");
    CHECK(config.threads == 4);
    CHECK(config.log.level == config::log_level::debug);
    CHECK_FALSE(config.log.access_log);
    CHECK(config.limits.max_body_bytes == 2048);
    CHECK(config.limits.max_header_bytes == 4096);
    CHECK(config.limits.request_timeout == std::chrono::milliseconds(5000));
    CHECK(config.limits.idle_timeout == std::chrono::milliseconds(7000));
    CHECK(config.limits.max_connections == 10);
    CHECK(config.limits.max_filter_results == 50);
    CHECK(config.limits.default_page_size == 20);
    CHECK(config.limits.max_page_size == 40);
    CHECK(config.limits.max_patch_operations == 300);
    CHECK(config.limits.max_member_changes == 200);
    CHECK(config.shutdown_grace == std::chrono::milliseconds(2500));
    REQUIRE(config.targets.size() == 2);
    const config::target_config& acme = config.targets[1];
    CHECK(acme.name == "acme-crm");
    CHECK(acme.mapping == std::filesystem::path("/etc/mappings/acme.yaml"));
    CHECK(acme.parameters == std::map<std::string, std::string>{{"region", "eu"}, {"tenant", "42"}});
    REQUIRE(acme.secrets.size() == 2);
    CHECK(acme.secrets.at("api_key").source == config::secret_reference::source_kind::env);
    CHECK(acme.secrets.at("api_key").env_variable == "ACME_API_KEY");
    CHECK(acme.secrets.at("client_secret").source == config::secret_reference::source_kind::file);
    CHECK(acme.secrets.at("client_secret").file == "/etc/scim-bridge/secrets/acme");
    CHECK(config::patch_status_of(acme, "User") == 204);  // user_patch_status: the older spelling
    CHECK(config::patch_status_of(acme, "Group") == 200);
    CHECK(acme.paused);
}

TEST_CASE("JSON is accepted as YAML", "[config]") {
    const config::server_config config =
        parse(R"({"listen": {"port": 9000}, "targets": [{"name": "x", "tokens": [")" + token_hash + R"("]}]})");
    CHECK(config.listen.port == 9000);
    CHECK(config.targets.at(0).name == "x");
}

TEST_CASE("a derived public_url uses https with TLS and brackets IPv6", "[config]") {
    CHECK(parse("listen: {address: '::1', port: 99}\n" + minimal()).public_url == "http://[::1]:99");
    CHECK(parse("tls: {certificate_file: c, private_key_file: k}\n" + minimal()).public_url ==
          "https://127.0.0.1:8080");
}

TEST_CASE("errors name file, line, column, key path and what was expected", "[config][errors]") {
    const std::string f = "/etc/scim-bridge/config.yaml:";
    const std::string t = minimal();
    using Catch::Matchers::StartsWith;
    using Catch::Matchers::Contains;

    CHECK_THAT(error_of("listen:\n  port: abc\n" + t),
               StartsWith(f + "2:9: listen.port: 'abc' is not an integer, expected an integer in 0..65535"));
    CHECK_THAT(error_of("listen:\n  port: 70000\n" + t), StartsWith(f + "2:9: listen.port: 70000 is out of range"));
    CHECK_THAT(error_of("listen:\n  prot: 80\n" + t),
               StartsWith(f + "2:9: listen.prot: unknown key 'prot', expected one of: address, port"));
    CHECK_THAT(error_of("listen:\n  address: scim.example.com\n" + t),
               StartsWith(f + "2:12: listen.address: 'scim.example.com' is not an IP address"));
    CHECK_THAT(error_of("colour: blue\n" + t), StartsWith(f + "1:9: colour: unknown key 'colour'"));
    CHECK_THAT(error_of("listen: 8080\n" + t), StartsWith(f + "1:9: listen: found '8080', expected a mapping"));
    CHECK_THAT(error_of("threads: 0\n" + t), StartsWith(f + "1:10: threads: 0 is out of range, expected an integer in 1..256"));
    CHECK_THAT(error_of("log: {level: verbose}\n" + t),
               StartsWith(f + "1:14: log.level: 'verbose' is not a log level, expected debug, info, warn or error"));
    CHECK_THAT(error_of("log: {query_strings: hide}\n" + t),
               StartsWith(f + "1:22: log.query_strings: 'hide' is not a query-string policy, expected keep, "
                              "mask_filter_values or drop"));
    CHECK(parse("log: {query_strings: drop}\n" + t).log.query_strings == config::query_logging::drop);
    CHECK(parse(t).log.query_strings == config::query_logging::keep);
    CHECK_THAT(error_of("log: {access_log: maybe}\n" + t),
               StartsWith(f + "1:19: log.access_log: found 'maybe', expected true or false"));
    CHECK_THAT(error_of("tls: {certificate_file: c}\n" + t),
               StartsWith(f + "1:6: tls: both certificate_file and private_key_file are required"));
    CHECK_THAT(error_of("tls: {certificate_file: c, private_key_file: k, min_version: 1.1}\n" + t),
               StartsWith(f + "1:62: tls.min_version: min_version must be \"1.2\" or \"1.3\""));
    CHECK_THAT(error_of("public_url: ftp://x\n" + t),
               StartsWith(f + "1:13: public_url: 'ftp://x' is not an http:// or https:// URL"));
    CHECK_THAT(error_of("limits: {default_page_size: 500, max_page_size: 100}\n" + t),
               StartsWith(f + "1:9: limits: default_page_size 500 exceeds max_page_size 100"));
    CHECK_THAT(error_of("limits:\n  request_timeout_ms: -5\n" + t),
               StartsWith(f + "2:23: limits.request_timeout_ms: '-5' is not an integer"));
    CHECK_THAT(error_of("listen: {port: 1}\nlisten: {port: 2}\n" + t),
               StartsWith(f + "2:1: listen: key 'listen' appears twice, expected each key once"));
    CHECK_THAT(error_of("listen: {port: [1\n"), StartsWith(f + "2:1: syntax error:"));
    CHECK_THAT(error_of("- a\n- b\n"), StartsWith(f + "1:1: (top level): expected a mapping"));
    CHECK_THAT(error_of("threads: 2\n"), StartsWith(f + "1:1: (top level): missing key 'targets'"));
    CHECK_THAT(error_of("targets: []\n"), StartsWith(f + "1:10: targets: empty list, expected at least one target"));
}

TEST_CASE("the /Bulk limits are configured under limits, the payload within the body limit", "[config][bulk]") {
    const std::string f = "/etc/scim-bridge/config.yaml:";
    const std::string t = minimal();
    using Catch::Matchers::StartsWith;

    const auto defaults = parse(t).limits;
    CHECK(defaults.bulk_max_operations == 1000);
    CHECK(defaults.bulk_max_payload_bytes == defaults.max_body_bytes);
    // Unset, the payload limit follows the body limit, also a lowered one.
    CHECK(parse("limits: {max_body_bytes: 4096}\n" + t).limits.bulk_max_payload_bytes == 4096);

    const auto set = parse("limits:\n  max_body_bytes: 8192\n  bulk_max_operations: 5\n"
                           "  bulk_max_payload_bytes: 2048\n" + t).limits;
    CHECK(set.bulk_max_operations == 5);
    CHECK(set.bulk_max_payload_bytes == 2048);
    CHECK(set.max_body_bytes == 8192);

    CHECK_THAT(error_of("limits:\n  bulk_max_payload_bytes: 2097152\n" + t),
               StartsWith(f + "2:27: limits.bulk_max_payload_bytes: 2097152 exceeds max_body_bytes 1048576, "
                              "expected bulk_max_payload_bytes <= max_body_bytes"));
    CHECK_THAT(error_of("limits: {bulk_max_operations: 0}\n" + t),
               StartsWith(f + "1:31: limits.bulk_max_operations: 0 is out of range, expected an integer in 1..1000000"));
    CHECK_THAT(error_of("limits:\n  bulk_max_payload_bytes: many\n" + t),
               StartsWith(f + "2:27: limits.bulk_max_payload_bytes: 'many' is not an integer"));
    CHECK_THAT(error_of("limits: {bulk_max_ops: 5}\n" + t),
               StartsWith(f + "1:24: limits.bulk_max_ops: unknown key 'bulk_max_ops'"));
}

TEST_CASE("target errors point at the offending entry", "[config][errors]") {
    const std::string f = "/etc/scim-bridge/config.yaml:";
    const std::string tokens = "    tokens: [\"" + token_hash + "\"]\n";
    using Catch::Matchers::StartsWith;
    using Catch::Matchers::Contains;

    CHECK_THAT(error_of("targets:\n  - name: Bad_Name\n" + tokens),
               StartsWith(f + "2:11: targets[0].name: 'Bad_Name' is not a valid target name, expected [a-z0-9-]+"));
    CHECK_THAT(error_of("targets:\n  - tokens: [\"" + token_hash + "\"]\n"),
               StartsWith(f + "2:5: targets[0]: missing key 'name'"));
    CHECK_THAT(error_of("targets:\n  - name: a\n"), StartsWith(f + "2:5: targets[0]: missing key 'tokens'"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "  - name: a\n    tokens: [\"" +
                        config::hash_token("b") + "\"]\n"),
               StartsWith(f + "4:5: targets[1]: target name 'a' is used twice"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "  - name: b\n" + tokens),
               StartsWith(f + "4:5: targets[1]: a token hash is used by two targets"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    user_patch_status: 201\n"),
               StartsWith(f + "4:24: targets[0].user_patch_status: 201 is not allowed, expected 200 or 204"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    patch_status: {Group: 202}\n"),
               StartsWith(f + "4:27: targets[0].patch_status.Group: 202 is not allowed, expected 200 or 204"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    patch_status: {Users: 204}\n"),
               StartsWith(f + "4:27: targets[0].patch_status.Users: 'Users' is not a resource type"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens +
                        "    patch_status: {User: 204}\n    user_patch_status: 204\n"),
               StartsWith(f + "5:24: targets[0].user_patch_status: patch_status already sets User"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    paused: yes-please\n"),
               StartsWith(f + "4:13: targets[0].paused: found 'yes-please', expected true or false"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    colour: red\n"),
               StartsWith(f + "4:13: targets[0].colour: unknown key 'colour'"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    parameters: {region: [eu]}\n"),
               StartsWith(f + "4:26: targets[0].parameters.region: expected a string value"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    secrets: {k: {env: A, file: b}}\n"),
               StartsWith(f + "4:18: targets[0].secrets.k: expected exactly one of env or file"));
    CHECK_THAT(error_of("targets:\n  - name: a\n" + tokens + "    secrets: {k: {vault: x}}\n"),
               StartsWith(f + "4:26: targets[0].secrets.k.vault: unknown key 'vault', expected one of: env, file"));
}

TEST_CASE("a clear-text token is rejected without echoing it", "[config][errors]") {
    const std::string message = error_of("targets:\n  - name: a\n    tokens: [my-clear-text-token]\n");
    CHECK_THAT(message, Catch::Matchers::StartsWith("/etc/scim-bridge/config.yaml:3:14: targets[0].tokens[0]: "
                                                    "clear-text tokens are not accepted"));
    CHECK_THAT(message, Catch::Matchers::Contains("scim-bridge hash-token"));
    CHECK_THAT(message, !Catch::Matchers::Contains("my-clear-text-token"));

    CHECK_THAT(error_of("targets:\n  - name: a\n    tokens: [\"sha256:1234\"]\n"),
               Catch::Matchers::StartsWith("/etc/scim-bridge/config.yaml:3:14: targets[0].tokens[0]: malformed token hash"));
    CHECK_THAT(error_of("targets:\n  - name: a\n    tokens: []\n"),
               Catch::Matchers::Contains("targets[0].tokens: empty list, expected at least one token hash"));
}

TEST_CASE("an inline secret value is rejected without echoing it", "[config][errors]") {
    const std::string message = error_of("targets:\n  - name: a\n    tokens: [\"" + token_hash +
                                         "\"]\n    secrets:\n      api_key: hunter2\n");
    CHECK_THAT(message, Catch::Matchers::StartsWith("/etc/scim-bridge/config.yaml:5:16: targets[0].secrets.api_key: "
                                                    "inline secret values are not allowed"));
    CHECK_THAT(message, !Catch::Matchers::Contains("hunter2"));
}

TEST_CASE("environment variables override the file", "[config][env]") {
    const config::server_config config = parse("listen: {address: 10.0.0.1, port: 1}\n" + minimal(),
                                               {{"SCIM_BRIDGE_LISTEN_ADDRESS", "127.0.0.2"},
                                                {"SCIM_BRIDGE_LISTEN_PORT", "9443"},
                                                {"SCIM_BRIDGE_STORE_PATH", "/var/lib/scim/bridge.db"},
                                                {"SCIM_BRIDGE_THREADS", "3"},
                                                {"SCIM_BRIDGE_LOG_LEVEL", "warn"},
                                                {"SCIM_BRIDGE_PUBLIC_URL", "https://idp-facing.example.com/scim/"}});
    CHECK(config.listen.address == "127.0.0.2");
    CHECK(config.listen.port == 9443);
    CHECK(config.store.path == "/var/lib/scim/bridge.db");
    CHECK(config.threads == 3);
    CHECK(config.log.level == config::log_level::warn);
    CHECK(config.public_url == "https://idp-facing.example.com/scim");

    // A relative store path from the environment is taken as given.
    CHECK(parse(minimal(), {{"SCIM_BRIDGE_STORE_PATH", "here.db"}}).store.path == "here.db");
    // The derived public_url follows the overridden listen settings.
    CHECK(parse(minimal(), {{"SCIM_BRIDGE_LISTEN_PORT", "81"}}).public_url == "http://127.0.0.1:81");
}

TEST_CASE("bad environment overrides name the variable", "[config][env]") {
    using Catch::Matchers::StartsWith;
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_LISTEN_PORT", "http"}}),
               StartsWith("environment variable SCIM_BRIDGE_LISTEN_PORT: 'http' is not an integer"));
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_THREADS", "0"}}),
               StartsWith("environment variable SCIM_BRIDGE_THREADS: 0 is out of range"));
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_LOG_LEVEL", "loud"}}),
               StartsWith("environment variable SCIM_BRIDGE_LOG_LEVEL: 'loud' is not a log level"));
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_PUBLIC_URL", "scim.example.com"}}),
               StartsWith("environment variable SCIM_BRIDGE_PUBLIC_URL: 'scim.example.com' is not an http"));
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_LISTEN_ADDRESS", "localhost"}}),
               StartsWith("environment variable SCIM_BRIDGE_LISTEN_ADDRESS: 'localhost' is not an IP address"));
    CHECK_THAT(error_of(minimal(), {{"SCIM_BRIDGE_LISTEN_ADDRESS", ""}}),
               StartsWith("environment variable SCIM_BRIDGE_LISTEN_ADDRESS: is set but empty"));
}

TEST_CASE("load_server_config reads a file and the example in deploy/ is valid", "[config]") {
    const config::server_config example = config::load_server_config(
        std::filesystem::path(SCIM_BRIDGE_SOURCE_DIR) / "deploy" / "config.example.yaml", environment());
    CHECK_FALSE(example.targets.empty());
    CHECK_THROWS_WITH(config::load_server_config("/nonexistent/config.yaml", environment()),
                      Catch::Matchers::StartsWith("/nonexistent/config.yaml: cannot open"));
}

TEST_CASE("an example token's hash is refused", "[config][errors]") {
    for (const std::string& example : {config::hash_token("changeme"), config::hash_token("secret"),
                                       std::string("sha256:e2186dbdb1bb4193608605e84f33208765b5693b55edd4f730a719a100eeea6f")}) {
        CHECK_THAT(error_of("targets:\n  - name: a\n    tokens: [\"" + example + "\"]\n"),
                   Catch::Matchers::Contains("the hash of an example token"));
    }
    CHECK_FALSE(config::is_example_token_hash(config::hash_token(std::string(40, 'q'))));
}

TEST_CASE("secret files readable by others and settings writable by others are reported", "[config]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("scim_exposure_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto file_with = [&](const std::string& name, fs::perms mode) {
        std::ofstream(dir / name) << "x";
        fs::permissions(dir / name, mode, fs::perm_options::replace);
        return dir / name;
    };
    const auto owner = fs::perms::owner_read | fs::perms::owner_write;
    const auto world_readable = owner | fs::perms::group_read | fs::perms::others_read;

    config::server_config config = parse("tls: {certificate_file: c, private_key_file: k}\n" + minimal());
    config.source_file = file_with("config.yaml", world_readable);  // readable is fine: no secret in it
    config.tls->private_key_file = file_with("key.pem", owner);
    config.targets[0].mapping = file_with("vendor.yaml", world_readable);
    config::secret_reference secret;
    secret.source = config::secret_reference::source_kind::file;
    secret.file = file_with("client_secret", owner | fs::perms::group_read);
    config.targets[0].secrets["client_secret"] = secret;
    CHECK(config::exposed_files(config).empty());

    fs::permissions(config.tls->private_key_file, world_readable, fs::perm_options::replace);
    fs::permissions(secret.file, owner | fs::perms::others_write, fs::perm_options::replace);
    config.targets[0].secrets["client_secret"] = secret;
    fs::permissions(config.source_file, owner | fs::perms::others_write, fs::perm_options::replace);
    const auto problems = config::exposed_files(config);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == (dir / "config.yaml").string() + ": writable by others (the configuration)");
    CHECK(problems[1] == (dir / "key.pem").string() + ": readable by others (the TLS private key)");
    CHECK(problems[2] == (dir / "client_secret").string() + ": writable by others (target local's secret client_secret)");
    CHECK(parse("allow_insecure_files: true\n" + minimal()).allow_insecure_files);
    CHECK_FALSE(parse(minimal()).allow_insecure_files);
    fs::remove_all(dir);
}
