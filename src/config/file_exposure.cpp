#include "config/file_exposure.hpp"

namespace config {

namespace fs = std::filesystem;

namespace {

enum class holds { secret, settings };

void check(const fs::path& file, holds what, std::string_view role, std::vector<std::string>& problems)
{
    if (file.empty())
        return;
    std::error_code missing;  // a missing file is reported where it is read
    const auto permissions = fs::status(file, missing).permissions();
    if (missing)
        return;
    const bool readable = (permissions & fs::perms::others_read) != fs::perms::none;
    const bool writable = (permissions & fs::perms::others_write) != fs::perms::none;
    if (what == holds::secret && (readable || writable))
        problems.push_back(file.string() + ": " + (writable ? "writable" : "readable") + " by others (" +
                           std::string(role) + ")");
    else if (what == holds::settings && writable)
        problems.push_back(file.string() + ": writable by others (" + std::string(role) + ")");
}

} // namespace

std::vector<std::string> exposed_files(const server_config& config)
{
    std::vector<std::string> problems;
    check(config.source_file, holds::settings, "the configuration", problems);
    if (config.tls)
        check(config.tls->private_key_file, holds::secret, "the TLS private key", problems);
    for (const auto& target : config.targets) {
        if (target.mapping)
            check(*target.mapping, holds::settings, "target " + target.name + "'s mapping", problems);
        for (const auto& [name, secret] : target.secrets)
            if (secret.source == secret_reference::source_kind::file)
                check(secret.file, holds::secret, "target " + target.name + "'s secret " + name, problems);
    }
    return problems;
}

} // namespace config
