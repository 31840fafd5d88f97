#include "admin/config_view.hpp"

#include "admin/status_source.hpp"
#include "config/environment.hpp"
#include "server/log_redaction.hpp"

#include <boost/json/array.hpp>

namespace admin {

namespace json = boost::json;

namespace {

json::object limits_view(const config::limits_config& limits)
{
    return {{"max_body_bytes", limits.max_body_bytes},
            {"max_header_bytes", limits.max_header_bytes},
            {"request_timeout_ms", limits.request_timeout.count()},
            {"idle_timeout_ms", limits.idle_timeout.count()},
            {"max_connections", limits.max_connections},
            {"max_filter_results", limits.max_filter_results},
            {"default_page_size", limits.default_page_size},
            {"max_page_size", limits.max_page_size},
            {"max_patch_operations", limits.max_patch_operations},
            {"max_member_changes", limits.max_member_changes},
            {"bulk_max_operations", limits.bulk_max_operations},
            {"bulk_max_payload_bytes", limits.bulk_max_payload_bytes}};
}

json::object target_view(const config::target_config& target)
{
    json::object result{{"name", target.name},
                        {"patch_status", {{"User", config::patch_status_of(target, "User")},
                                          {"Group", config::patch_status_of(target, "Group")}}},
                        {"paused", target.paused}};
    if (target.mapping)
        result["mapping"] = target.mapping->string();
    json::object parameters;
    for (const auto& [name, value] : target.parameters)
        parameters[name] = server::is_secret_name(name) ? "***" : value;
    result["parameters"] = std::move(parameters);
    json::object secrets;
    for (const auto& [name, reference] : target.secrets)
        secrets[name] = reference.source == config::secret_reference::source_kind::env
                            ? json::object{{"env", reference.env_variable}}
                            : json::object{{"file", reference.file.string()}};
    result["secrets"] = std::move(secrets);
    json::array tokens;
    for (const auto& hash : target.token_hashes)
        tokens.emplace_back(token_fingerprint(hash));
    result["tokens"] = std::move(tokens);
    return result;
}

} // namespace

std::string token_fingerprint(const std::string& token_hash)
{
    constexpr std::size_t shown = std::string_view("sha256:").size() + 8;
    return token_hash.substr(0, shown) + "…";
}

json::object config_view(const config::server_config& config)
{
    json::object result{{"source_file", config.source_file.string()},
                        {"source_hash", config.source_hash},
                        {"listen", json::object{{"address", config.listen.address}, {"port", config.listen.port}}},
                        {"public_url", config.public_url},
                        {"store", json::object{{"path", config.store.path.string()}}},
                        {"threads", config.threads},
                        {"log", json::object{{"level", config::log_level_name(config.log.level)},
                                             {"format", config.log.format == config::log_format::text ? "text" : "json"},
                                             {"access_log", config.log.access_log}}},
                        {"limits", limits_view(config.limits)},
                        {"shutdown_grace_ms", config.shutdown_grace.count()},
                        {"shutdown_delay_ms", config.shutdown_delay.count()}};
    if (config.tls)
        result["tls"] = json::object{{"certificate_file", config.tls->certificate_file.string()},
                                     {"private_key_file", config.tls->private_key_file.string()}};
    if (config.admin) {
        json::object admin{{"address", config.admin->listen.address}, {"port", config.admin->listen.port}};
        if (config.admin->token_hash)
            admin["token"] = token_fingerprint(*config.admin->token_hash);
        result["admin"] = std::move(admin);
    }
    json::array targets;
    for (const auto& target : config.targets)
        targets.emplace_back(target_view(target));
    result["targets"] = std::move(targets);
    return result;
}

} // namespace admin
