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
// Forward-secret AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305),
// for TLS 1.2; TLS 1.3's suites are all of that kind already.
inline constexpr const char* default_tls_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct tls_config {
    std::filesystem::path certificate_file;  // PEM, chain allowed
    std::filesystem::path private_key_file;  // PEM
    std::string ciphers = default_tls_ciphers;  // TLS 1.2 suites, OpenSSL's cipher-list syntax
    bool tls13_only = false;                    // min_version: "1.3"
};

struct store_config {
    std::filesystem::path path = "scim-bridge.db";
};

enum class log_level { debug, info, warn, error };

// json: one JSON object a line (for collectors); text: aligned key=value
// lines for a person at a terminal. Both carry the same fields.
enum class log_format { json, text };

// What the access log keeps of a request's query string (log.query_strings).
// Values of secret-looking keys, and values compared with secret-looking
// attributes in a filter (`password eq "…"`), are masked in every case.
enum class query_logging {
    keep,                // as sent, but for that masking
    mask_filter_values,  // every value compared in a filter masked too
    drop,                // the path only
};

struct log_config {
    log_level level = log_level::info;
    log_format format = log_format::json;
    bool access_log = true;
    query_logging query_strings = query_logging::keep;
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
    // One PATCH: its operations, and the group members one write (POST, PUT,
    // PATCH) may add or remove; see scim/patch_limits.hpp.
    std::size_t max_patch_operations = 1000;
    std::size_t max_member_changes = 1000;
    // /Bulk (RFC 7644 §3.7.4), advertised in /ServiceProviderConfig as
    // maxOperations and maxPayloadSize; beyond either a request gets 413.
    std::size_t bulk_max_operations = 1000;
    // Never more than max_body_bytes, which the listener enforces before
    // /Bulk reads a byte; when not configured, max_body_bytes.
    std::size_t bulk_max_payload_bytes = 1024 * 1024;
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
    // `delivery: deferred`: while the vendor cannot be reached, writes are
    // committed and their vendor changes kept in the outbox for later
    // (bridge/deferring_backend.hpp). Default `immediate`: refused with 503.
    bool deferred_delivery = false;
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
    // Start even when a secret file is readable by others or a settings
    // file writable by others (config/file_exposure.hpp), with a warning.
    bool allow_insecure_files = false;
    std::vector<target_config> targets;
};

} // namespace config
