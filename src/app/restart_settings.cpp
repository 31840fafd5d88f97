#include "app/restart_settings.hpp"

namespace app {

namespace {

bool same(const config::listen_config& a, const config::listen_config& b)
{
    return a.address == b.address && a.port == b.port;
}

bool same(const std::optional<config::tls_config>& a, const std::optional<config::tls_config>& b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || (a->certificate_file == b->certificate_file && a->private_key_file == b->private_key_file &&
                  a->ciphers == b->ciphers && a->tls13_only == b->tls13_only);
}

// The limits the listener and its sessions were built with; the page
// sizes and the sorted-results bound belong to the targets and reload.
bool same_listener_limits(const config::limits_config& a, const config::limits_config& b)
{
    return a.max_body_bytes == b.max_body_bytes && a.max_header_bytes == b.max_header_bytes &&
           a.request_timeout == b.request_timeout && a.idle_timeout == b.idle_timeout &&
           a.max_connections == b.max_connections;
}

bool same_admin_listener(const std::optional<config::admin_config>& a, const std::optional<config::admin_config>& b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || same(a->listen, b->listen);
}

} // namespace

std::vector<std::string> settings_needing_restart(const config::server_config& running,
                                                  const config::server_config& next)
{
    std::vector<std::string> keys;
    if (!same(running.listen, next.listen))
        keys.emplace_back("listen");
    if (!same(running.tls, next.tls))
        keys.emplace_back("tls");
    if (running.public_url != next.public_url)
        keys.emplace_back("public_url");
    if (running.store.path != next.store.path)
        keys.emplace_back("store.path");
    if (running.threads != next.threads)
        keys.emplace_back("threads");
    if (running.log.format != next.log.format)
        keys.emplace_back("log.format");
    if (running.log.access_log != next.log.access_log)
        keys.emplace_back("log.access_log");
    if (running.log.query_strings != next.log.query_strings)
        keys.emplace_back("log.query_strings");
    if (!same_listener_limits(running.limits, next.limits))
        keys.emplace_back("limits (body, header, timeouts, connections)");
    if (running.shutdown_grace != next.shutdown_grace)
        keys.emplace_back("shutdown_grace_ms");
    if (running.shutdown_delay != next.shutdown_delay)
        keys.emplace_back("shutdown_delay_ms");
    if (!same_admin_listener(running.admin, next.admin))
        keys.emplace_back("admin (listener)");
    return keys;
}

config::server_config with_running_settings(config::server_config next, const config::server_config& running)
{
    next.listen = running.listen;
    next.tls = running.tls;
    next.public_url = running.public_url;
    next.store = running.store;
    next.threads = running.threads;
    next.log.format = running.log.format;
    next.log.access_log = running.log.access_log;
    next.log.query_strings = running.log.query_strings;
    const auto page_limits = next.limits;
    next.limits = running.limits;
    next.limits.default_page_size = page_limits.default_page_size;
    next.limits.max_page_size = page_limits.max_page_size;
    next.limits.max_filter_results = page_limits.max_filter_results;
    next.limits.max_patch_operations = page_limits.max_patch_operations;
    next.limits.max_member_changes = page_limits.max_member_changes;
    // The bulk limits belong to the targets, rebuilt by every reload.
    next.limits.bulk_max_operations = page_limits.bulk_max_operations;
    next.limits.bulk_max_payload_bytes = page_limits.bulk_max_payload_bytes;
    next.shutdown_grace = running.shutdown_grace;
    next.shutdown_delay = running.shutdown_delay;
    if (!same_admin_listener(running.admin, next.admin))
        next.admin = running.admin;  // the admin token, though, reloads with the rest
    return next;
}

} // namespace app
