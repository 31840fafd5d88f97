#pragma once
// The SCIM_BRIDGE_* environment overrides. The environment is passed in as a
// lookup function so that tests need not mutate the process environment.

#include "config/server_config.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace config {

using environment_lookup = std::function<std::optional<std::string>(const std::string& name)>;

environment_lookup process_environment();

// Applies every override that is set; errors name the variable.
void apply_environment_overrides(server_config& config, const environment_lookup& environment);

std::optional<log_level> parse_log_level(std::string_view text);
// "debug", "info", "warn", "error": what parse_log_level reads.
std::string_view log_level_name(log_level level);

// The listener binds to a literal IPv4 or IPv6 address, not a host name.
bool is_ip_address(const std::string& text);

// Empty when `url` is usable as the base of meta.location, else what is wrong.
std::string check_public_url(std::string_view url);

} // namespace config
