#include "bridge/secret_resolution.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bridge {

namespace {

std::optional<std::string> from_env(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (!value)
        return std::nullopt;
    return std::string(value);
}

std::optional<std::string> from_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    // Secret files are written by editors and `echo`: a final newline is not part of the secret.
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
        value.pop_back();
    return value;
}

} // namespace

mapping::secret_resolver make_secret_resolver(std::map<std::string, config::secret_reference> configured,
                                              std::map<std::string, mapping::secret_ref> declared)
{
    return [configured = std::move(configured),
            declared = std::move(declared)](std::string_view name) -> std::optional<std::string> {
        const std::string key(name);
        if (auto it = configured.find(key); it != configured.end()) {
            const auto& ref = it->second;
            return ref.source == config::secret_reference::source_kind::env ? from_env(ref.env_variable)
                                                                             : from_file(ref.file);
        }
        if (auto it = declared.find(key); it != declared.end()) {
            const auto& ref = it->second;
            return ref.source == mapping::secret_source::env ? from_env(ref.location) : from_file(ref.location);
        }
        return std::nullopt;
    };
}

} // namespace bridge
