#pragma once
// The validated, immutable configuration of one scim-bridge process. Built
// once at start-up by load_server_config(); the request path only reads it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace config {

struct listen_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port (tests)
};

// When present the server speaks HTTPS only: bearer tokens never cross the
// network in clear text.
struct tls_config {
    std::filesystem::path certificate_file;  // PEM, chain allowed
    std::filesystem::path private_key_file;  // PEM
};

struct store_config {
    std::filesystem::path path = "scim-bridge.db";
};

enum class log_level { debug, info, warn, error };

// json: one JSON object a line (for collectors); text: aligned key=value
// lines for a person at a terminal. Both carry the same fields.
enum class log_format { json, text };

struct log_config {
    log_level level = log_level::info;
    log_format format = log_format::json;
    bool access_log = true;
};

// The admin listener (/metrics, /healthz, /readyz, /targets, /config,
// /log-level): its own address and port, loopback unless configured
// otherwise, so that it is not reachable where the SCIM port is published.
struct admin_config {
    listen_config listen{"127.0.0.1", 9090};  // port 0 picks a free port (tests)
    // When set, every admin path but /healthz and /readyz (probes) needs
    // this token (Authorization: Bearer); "sha256:<64 hex>" like targets'.
    std::optional<std::string> token_hash;
};

// Every input is bounded; these are the bounds.
struct limits_config {
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::chrono::milliseconds request_timeout{30000};
    std::chrono::milliseconds idle_timeout{60000};
    std::size_t max_connections = 1024;
    std::size_t max_filter_results = 1000;
    std::size_t default_page_size = 100;
    std::size_t max_page_size = 1000;
};

// Where a secret comes from; the configuration never holds the value itself.
struct secret_reference {
    enum class source_kind { env, file };
    source_kind source = source_kind::env;
    std::string env_variable;     // when source == env
    std::filesystem::path file;   // when source == file (resolved)
};

struct target_config {
    std::string name;                              // [a-z0-9-]+, unique
    std::optional<std::filesystem::path> mapping;  // absent: a local-only target
    std::map<std::string, std::string> parameters;
    std::map<std::string, secret_reference> secrets;
    std::vector<std::string> token_hashes;  // "sha256:<64 hex>"
    // The status of a successful PATCH per resource type name ("User",
    // "Group"): 200 with the resource, or 204 No Content. A type not named
    // answers 200. `user_patch_status: N` in the file is `patch_status: {User: N}`.
    std::map<std::string, unsigned, std::less<>> patch_status;
    bool paused = false;
};

// What a successful PATCH of `resource_type` answers on `target`.
inline unsigned patch_status_of(const target_config& target, std::string_view resource_type)
{
    const auto found = target.patch_status.find(resource_type);
    return found == target.patch_status.end() ? 200 : found->second;
}

struct server_config {
    std::filesystem::path source_file;  // the file it was loaded from
    std::string source_hash;            // "sha256:…" of the text it was parsed from
    listen_config listen;
    std::optional<tls_config> tls;
    std::string public_url;  // no trailing slash; derived from listen when not configured
    store_config store;
    unsigned threads = 1;
    log_config log;
    limits_config limits;
    std::chrono::milliseconds shutdown_grace{10000};
    // At SIGTERM /readyz answers 503 this long, the listener still serving,
    // before the drain begins: a load balancer's probe sees the instance
    // leave before its connections are refused.
    std::chrono::milliseconds shutdown_delay{0};
    std::optional<admin_config> admin;  // absent: no admin listener
    std::vector<target_config> targets;
};

} // namespace config
