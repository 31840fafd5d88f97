#include "config/environment.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace config {

namespace {

[[noreturn]] void fail(const std::string& variable, const std::string& what) {
    throw std::runtime_error("environment variable " + variable + ": " + what);
}

std::uint64_t parse_unsigned(const std::string& variable, const std::string& text, std::uint64_t min,
                             std::uint64_t max) {
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        fail(variable, "'" + text + "' is not an integer, expected an integer in " + range);
    }
    if (value < min || value > max) {
        fail(variable, text + " is out of range, expected an integer in " + range);
    }
    return value;
}

std::optional<std::string> non_empty(const environment_lookup& environment, const std::string& variable) {
    std::optional<std::string> value = environment(variable);
    if (value && value->empty()) {
        fail(variable, "is set but empty, expected a value (or unset it)");
    }
    return value;
}

} // namespace

environment_lookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        // Read once at start-up, before any thread exists.
        const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    };
}

std::string_view log_level_name(log_level level) {
    switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
    }
    return "info";
}

std::optional<log_level> parse_log_level(std::string_view text) {
    if (text == "debug") return log_level::debug;
    if (text == "info") return log_level::info;
    if (text == "warn") return log_level::warn;
    if (text == "error") return log_level::error;
    return std::nullopt;
}

bool is_ip_address(const std::string& text) {
    boost::system::error_code error;
    boost::asio::ip::make_address(text, error);
    return !error;
}

std::string check_public_url(std::string_view url) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
        return "'" + std::string(url) + "' is not an http:// or https:// URL";
    }
    if (url.find_first_of("?#") != std::string_view::npos) {
        return "'" + std::string(url) + "' has a query or fragment, expected a base URL";
    }
    const std::size_t host_start = url.find("//") + 2;
    if (host_start >= url.size() || url[host_start] == '/') {
        return "'" + std::string(url) + "' has no host";
    }
    return {};
}

void apply_environment_overrides(server_config& config, const environment_lookup& environment) {
    if (auto value = non_empty(environment, "SCIM_BRIDGE_LISTEN_ADDRESS")) {
        if (!is_ip_address(*value)) {
            fail("SCIM_BRIDGE_LISTEN_ADDRESS", "'" + *value + "' is not an IP address, expected an IPv4 or IPv6 address");
        }
        config.listen.address = *value;
    }
    if (auto value = non_empty(environment, "SCIM_BRIDGE_LISTEN_PORT")) {
        config.listen.port = static_cast<std::uint16_t>(parse_unsigned("SCIM_BRIDGE_LISTEN_PORT", *value, 0, 65535));
    }
    if (auto value = non_empty(environment, "SCIM_BRIDGE_STORE_PATH")) {
        config.store.path = *value;
    }
    if (auto value = non_empty(environment, "SCIM_BRIDGE_THREADS")) {
        config.threads = static_cast<unsigned>(parse_unsigned("SCIM_BRIDGE_THREADS", *value, 1, 256));
    }
    if (auto value = non_empty(environment, "SCIM_BRIDGE_LOG_LEVEL")) {
        const std::optional<log_level> level = parse_log_level(*value);
        if (!level) {
            fail("SCIM_BRIDGE_LOG_LEVEL", "'" + *value + "' is not a log level, expected debug, info, warn or error");
        }
        config.log.level = *level;
    }
    if (auto value = non_empty(environment, "SCIM_BRIDGE_PUBLIC_URL")) {
        if (std::string problem = check_public_url(*value); !problem.empty()) {
            fail("SCIM_BRIDGE_PUBLIC_URL", problem + ", expected a base URL such as https://scim.example.com");
        }
        config.public_url = *value;
    }
}

} // namespace config
