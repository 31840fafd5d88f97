#include "config/config_loader.hpp"

#include "config/token_hash.hpp"
#include "config/yaml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace config {

namespace {

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint32_t>::max();

// A listener's address and port, over `result`'s defaults.
listen_config read_endpoint(const yaml_reader& node, listen_config result) {
    if (auto address = node.child("address")) {
        result.address = address->as_string();
        if (!is_ip_address(result.address)) {
            address->fail("'" + result.address + "' is not an IP address, expected an IPv4 or IPv6 address");
        }
    }
    if (auto port = node.child("port")) result.port = static_cast<std::uint16_t>(port->as_unsigned(0, 65535));
    return result;
}

listen_config read_listen(const yaml_reader& node) {
    node.expect_mapping({"address", "port"});
    return read_endpoint(node, {});
}

tls_config read_tls(const yaml_reader& node) {
    node.expect_mapping({"certificate_file", "private_key_file", "ciphers", "min_version"});
    auto certificate = node.child("certificate_file");
    auto key = node.child("private_key_file");
    if (!certificate || !key) {
        node.fail("both certificate_file and private_key_file are required when tls is present");
    }
    tls_config tls{certificate->as_string(), key->as_string()};
    if (auto ciphers = node.child("ciphers"))
        tls.ciphers = ciphers->as_string();
    if (auto version = node.child("min_version")) {
        const auto text = version->as_string();
        if (text != "1.2" && text != "1.3")
            version->fail("min_version must be \"1.2\" or \"1.3\"");
        tls.tls13_only = text == "1.3";
    }
    return tls;
}

log_config read_log(const yaml_reader& node) {
    node.expect_mapping({"level", "format", "access_log", "query_strings"});
    log_config result;
    if (auto format = node.child("format")) {
        const std::string text = format->as_string();
        if (text == "json")
            result.format = log_format::json;
        else if (text == "text")
            result.format = log_format::text;
        else
            format->fail("'" + text + "' is not a log format, expected json or text");
    }
    if (auto level = node.child("level")) {
        const std::string text = level->as_string();
        const std::optional<log_level> parsed = parse_log_level(text);
        if (!parsed) level->fail("'" + text + "' is not a log level, expected debug, info, warn or error");
        result.level = *parsed;
    }
    if (auto access_log = node.child("access_log")) result.access_log = access_log->as_bool();
    if (auto query = node.child("query_strings")) {
        const std::string text = query->as_string();
        if (text == "keep")
            result.query_strings = query_logging::keep;
        else if (text == "mask_filter_values")
            result.query_strings = query_logging::mask_filter_values;
        else if (text == "drop")
            result.query_strings = query_logging::drop;
        else
            query->fail("'" + text + "' is not a query-string policy, expected keep, mask_filter_values or drop");
    }
    return result;
}

limits_config read_limits(const yaml_reader& node) {
    node.expect_mapping({"max_body_bytes", "max_header_bytes", "request_timeout_ms", "idle_timeout_ms",
                         "max_connections", "max_filter_results", "default_page_size", "max_page_size",
                         "max_patch_operations", "max_member_changes",
                         "bulk_max_operations", "bulk_max_payload_bytes"});
    limits_config result;
    auto size = [&](std::string_view key, std::size_t& field, std::uint64_t min, std::uint64_t max) {
        if (auto value = node.child(key)) field = static_cast<std::size_t>(value->as_unsigned(min, max));
    };
    auto millis = [&](std::string_view key, std::chrono::milliseconds& field) {
        if (auto value = node.child(key)) field = std::chrono::milliseconds(value->as_unsigned(1, 3'600'000));
    };
    size("max_body_bytes", result.max_body_bytes, 1024, 1024ULL * 1024 * 1024);
    size("max_header_bytes", result.max_header_bytes, 1024, 1024ULL * 1024);
    millis("request_timeout_ms", result.request_timeout);
    millis("idle_timeout_ms", result.idle_timeout);
    size("max_connections", result.max_connections, 1, 1'000'000);
    size("max_filter_results", result.max_filter_results, 1, max_u64);
    size("default_page_size", result.default_page_size, 1, max_u64);
    size("max_page_size", result.max_page_size, 1, max_u64);
    size("max_patch_operations", result.max_patch_operations, 1, max_u64);
    size("max_member_changes", result.max_member_changes, 1, max_u64);
    if (result.default_page_size > result.max_page_size) {
        node.fail("default_page_size " + std::to_string(result.default_page_size) + " exceeds max_page_size " +
                  std::to_string(result.max_page_size) + ", expected default_page_size <= max_page_size");
    }
    size("bulk_max_operations", result.bulk_max_operations, 1, 1'000'000);
    result.bulk_max_payload_bytes = result.max_body_bytes;
    if (auto value = node.child("bulk_max_payload_bytes")) {
        result.bulk_max_payload_bytes = static_cast<std::size_t>(value->as_unsigned(1024, 1024ULL * 1024 * 1024));
        // A larger bulk would be refused by the listener's body limit
        // before /Bulk could read it, while /ServiceProviderConfig
        // promised it would be taken.
        if (result.bulk_max_payload_bytes > result.max_body_bytes) {
            value->fail(std::to_string(result.bulk_max_payload_bytes) + " exceeds max_body_bytes " +
                        std::to_string(result.max_body_bytes) +
                        ", expected bulk_max_payload_bytes <= max_body_bytes (raise both for larger bulks)");
        }
    }
    return result;
}

secret_reference read_secret(const yaml_reader& node) {
    if (!node.is_mapping()) {
        node.fail("inline secret values are not allowed, expected a reference: {env: VARIABLE} or {file: path}");
    }
    node.expect_mapping({"env", "file"});
    auto env = node.child("env");
    auto file = node.child("file");
    if (static_cast<bool>(env) == static_cast<bool>(file)) {
        node.fail("expected exactly one of env or file");
    }
    secret_reference result;
    if (env) {
        result.source = secret_reference::source_kind::env;
        result.env_variable = env->as_string();
    } else {
        result.source = secret_reference::source_kind::file;
        result.file = file->as_string();
    }
    return result;
}

std::string read_token_hash(const yaml_reader& node) {
    const std::string text = node.as_string();
    if (is_example_token_hash(text)) {
        node.fail("this is the hash of an example token that anyone can read, expected the hash of your own: "
                  "run `scim-bridge hash-token \"$(openssl rand -hex 32)\"`");
    }
    if (is_token_hash(text)) {
        return text;
    }
    // Never echo the value: it may be a real clear-text token.
    if (text.starts_with("sha256:")) {
        node.fail("malformed token hash, expected sha256: followed by 64 lowercase hex digits");
    }
    node.fail("clear-text tokens are not accepted, expected a hash: run `scim-bridge hash-token` "
              "and put the sha256:... line it prints here");
}

admin_config read_admin(const yaml_reader& node) {
    node.expect_mapping({"address", "port", "token"});
    admin_config result;
    result.listen = read_endpoint(node, result.listen);
    if (auto token = node.child("token")) result.token_hash = read_token_hash(*token);
    return result;
}

bool valid_target_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

unsigned read_patch_status(const yaml_reader& node) {
    const auto status = static_cast<unsigned>(node.as_unsigned(0, 999));
    if (status != 200 && status != 204) {
        node.fail(std::to_string(status) + " is not allowed, expected 200 or 204");
    }
    return status;
}

target_config read_target(const yaml_reader& node) {
    node.expect_mapping(
        {"name", "mapping", "parameters", "secrets", "tokens", "patch_status", "user_patch_status", "paused",
         "delivery"});
    target_config result;
    auto name = node.child("name");
    if (!name) node.fail("missing key 'name', expected a target name matching [a-z0-9-]+");
    result.name = name->as_string();
    if (!valid_target_name(result.name)) {
        name->fail("'" + result.name + "' is not a valid target name, expected [a-z0-9-]+");
    }
    if (auto mapping = node.child("mapping")) result.mapping = mapping->as_string();
    if (auto parameters = node.child("parameters")) {
        for (const auto& [key, value] : parameters->entries()) {
            if (!value.is_scalar()) value.fail("expected a string value");
            result.parameters.emplace(key, value.as_string());
        }
    }
    if (auto secrets = node.child("secrets")) {
        for (const auto& [key, value] : secrets->entries()) result.secrets.emplace(key, read_secret(value));
    }
    auto tokens = node.child("tokens");
    if (!tokens) node.fail("missing key 'tokens', expected a list of token hashes (sha256:...)");
    for (const yaml_reader& token : tokens->items()) result.token_hashes.push_back(read_token_hash(token));
    if (result.token_hashes.empty()) tokens->fail("empty list, expected at least one token hash");
    if (auto statuses = node.child("patch_status")) {
        for (const auto& [type, status] : statuses->entries()) {
            if (type != "User" && type != "Group") {
                status.fail("'" + type + "' is not a resource type, expected User or Group");
            }
            result.patch_status.emplace(type, read_patch_status(status));
        }
    }
    // The older spelling, for users only.
    if (auto status = node.child("user_patch_status")) {
        if (result.patch_status.contains("User")) {
            status->fail("patch_status already sets User, expected one of the two");
        }
        result.patch_status.emplace("User", read_patch_status(*status));
    }
    if (auto paused = node.child("paused")) result.paused = paused->as_bool();
    if (auto delivery = node.child("delivery")) {
        const auto mode = delivery->as_string();
        if (mode != "immediate" && mode != "deferred") {
            delivery->fail("'" + mode + "' is not a delivery mode, expected immediate or deferred");
        }
        if (!result.mapping) delivery->fail("a target without a mapping has no vendor to deliver to");
        result.deferred_delivery = mode == "deferred";
    }
    return result;
}

std::vector<target_config> read_targets(const yaml_reader& node) {
    std::vector<target_config> result;
    std::set<std::string> names;
    std::set<std::string> hashes;
    for (const yaml_reader& item : node.items()) {
        target_config target = read_target(item);
        if (!names.insert(target.name).second) {
            item.fail("target name '" + target.name + "' is used twice, expected unique names");
        }
        // A token identifies its target; one token for two targets is ambiguous.
        for (const std::string& hash : target.token_hashes) {
            if (!hashes.insert(hash).second) {
                item.fail("a token hash is used by two targets, expected one token per target");
            }
        }
        result.push_back(std::move(target));
    }
    if (result.empty()) node.fail("empty list, expected at least one target");
    return result;
}

void read_root(const yaml_reader& root, server_config& result) {
    root.expect_mapping({"listen", "tls", "public_url", "store", "threads", "log", "limits", "shutdown_grace_ms",
                         "shutdown_delay_ms", "admin", "allow_insecure_files", "targets"});
    if (auto node = root.child("listen")) result.listen = read_listen(*node);
    if (auto node = root.child("tls")) result.tls = read_tls(*node);
    if (auto node = root.child("public_url")) {
        result.public_url = node->as_string();
        if (std::string problem = check_public_url(result.public_url); !problem.empty()) {
            node->fail(problem + ", expected a base URL such as https://scim.example.com");
        }
    }
    if (auto node = root.child("store")) {
        node->expect_mapping({"path"});
        if (auto path = node->child("path")) result.store.path = path->as_string();
    }
    if (auto node = root.child("threads")) result.threads = static_cast<unsigned>(node->as_unsigned(1, 256));
    if (auto node = root.child("log")) result.log = read_log(*node);
    if (auto node = root.child("limits")) result.limits = read_limits(*node);
    if (auto node = root.child("shutdown_grace_ms")) {
        result.shutdown_grace = std::chrono::milliseconds(node->as_unsigned(0, 3'600'000));
    }
    if (auto node = root.child("shutdown_delay_ms")) {
        result.shutdown_delay = std::chrono::milliseconds(node->as_unsigned(0, 600'000));
    }
    if (auto node = root.child("admin")) result.admin = read_admin(*node);
    if (auto node = root.child("allow_insecure_files")) result.allow_insecure_files = node->as_bool();
    auto targets = root.child("targets");
    if (!targets) root.fail("missing key 'targets', expected a list of targets");
    result.targets = read_targets(*targets);
}

// Paths in the file are relative to the file, so that a deployment directory
// can be moved as a whole.
// A store path from the environment is taken as given (relative to the
// working directory), like any command-line path.
void resolve_paths(server_config& config, const std::filesystem::path& base, bool store_from_file) {
    auto resolve = [&](std::filesystem::path& path) {
        if (path.is_relative()) path = (base / path).lexically_normal();
    };
    if (config.tls) {
        resolve(config.tls->certificate_file);
        resolve(config.tls->private_key_file);
    }
    if (store_from_file) resolve(config.store.path);
    for (target_config& target : config.targets) {
        if (target.mapping) resolve(*target.mapping);
        for (auto& [name, secret] : target.secrets) {
            if (secret.source == secret_reference::source_kind::file) resolve(secret.file);
        }
    }
}

std::string derived_public_url(const server_config& config) {
    std::string host = config.listen.address;
    if (host == "0.0.0.0" || host == "::") {
        host = "localhost";  // a wildcard is not an address a client can use
    } else if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    return (config.tls ? "https://" : "http://") + host + ":" + std::to_string(config.listen.port);
}

} // namespace

server_config parse_server_config(const std::string& text, const std::filesystem::path& file,
                                  const environment_lookup& environment) {
    const auto file_name = std::make_shared<const std::string>(file.string());
    YAML::Node document;
    try {
        document = YAML::Load(text);
    } catch (const YAML::ParserException& error) {
        throw std::runtime_error(*file_name + ":" + std::to_string(error.mark.line + 1) + ":" +
                                 std::to_string(error.mark.column + 1) + ": syntax error: " + error.msg +
                                 ", expected YAML or JSON");
    }
    if (!document.IsMap()) {
        throw std::runtime_error(*file_name + ":1:1: (top level): expected a mapping of settings");
    }
    server_config result;
    result.source_file = file;
    result.source_hash = hash_token(text);
    result.threads = std::max(1U, std::thread::hardware_concurrency());
    read_root(yaml_reader(document, "", file_name), result);
    const bool store_from_file = !environment("SCIM_BRIDGE_STORE_PATH").has_value();
    apply_environment_overrides(result, environment);
    resolve_paths(result, file.parent_path(), store_from_file);
    if (result.public_url.empty()) result.public_url = derived_public_url(result);
    while (result.public_url.ends_with('/')) result.public_url.pop_back();
    return result;
}

server_config load_server_config(const std::filesystem::path& file, const environment_lookup& environment) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        throw std::runtime_error(file.string() + ": cannot open the configuration file");
    }
    std::ostringstream text;
    text << stream.rdbuf();
    return parse_server_config(text.str(), file, environment);
}

} // namespace config
