#include "cli/commands.hpp"

#include "app/bridge_app.hpp"
#include "config/config_loader.hpp"
#include "config/token_hash.hpp"
#include "server/shutdown_signals.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

namespace {

constexpr const char* usage = R"(usage:
  scim-bridge serve --config FILE     run the bridge
  scim-bridge hash-token [TOKEN]      print the hash to put in a target's `tokens`
                                      (reads the token from stdin when not given)
  scim-bridge help
)";

int serve(const std::vector<std::string_view>& args)
{
    std::string config_file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size())
            config_file = args[++i];
        else {
            std::fprintf(stderr, "serve: unexpected argument %.*s\n%s", static_cast<int>(args[i].size()),
                         args[i].data(), usage);
            return 2;
        }
    }
    if (config_file.empty()) {
        std::fprintf(stderr, "serve: --config FILE is required\n%s", usage);
        return 2;
    }
    app::bridge_app bridge(config::load_server_config(config_file));
    server::shutdown_signals signals(bridge.server());
    bridge.run();
    return 0;
}

int hash_token(const std::vector<std::string_view>& args)
{
    std::string token;
    if (!args.empty())
        token = args[0];
    else
        std::getline(std::cin, token);
    if (token.empty()) {
        std::fprintf(stderr, "hash-token: no token given\n");
        return 2;
    }
    std::printf("%s\n", config::hash_token(token).c_str());
    return 0;
}

} // namespace

int run(int argc, char** argv)
{
    const std::vector<std::string_view> all(argv + 1, argv + argc);
    if (all.empty() || all[0] == "help" || all[0] == "--help" || all[0] == "-h") {
        std::fputs(usage, all.empty() ? stderr : stdout);
        return all.empty() ? 2 : 0;
    }
    const std::vector<std::string_view> rest(all.begin() + 1, all.end());
    if (all[0] == "serve")
        return serve(rest);
    if (all[0] == "hash-token")
        return hash_token(rest);
    std::fprintf(stderr, "unknown command %.*s\n%s", static_cast<int>(all[0].size()), all[0].data(), usage);
    return 2;
}

} // namespace cli
