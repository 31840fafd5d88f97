// The configuration loader: any text is a server_config or a
// std::runtime_error naming where the file is wrong (config_loader.hpp).
// The environment is empty, so an input means the same on every machine.

#include "config/config_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const config::environment_lookup no_environment = [](const std::string&) -> std::optional<std::string> {
        return std::nullopt;
    };
    try {
        (void)config::parse_server_config(text, "/etc/scim-bridge/config.yaml", no_environment);
    } catch (const std::runtime_error&) {
        // The documented refusal; anything else escaping is a finding.
    }
    return 0;
}
