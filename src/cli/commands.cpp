#include "cli/commands.hpp"

#include "app/bridge_app.hpp"
#include "app/job_listing.hpp"
#include "app/mapping_commands.hpp"
#include "app/reconcile.hpp"
#include "app/target_pause_commands.hpp"
#include "config/config_loader.hpp"
#include "config/token_hash.hpp"
#include "server/shutdown_signals.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace cli {

namespace {

constexpr const char* usage = R"(usage:
  scim-bridge serve --config FILE     run the bridge
  scim-bridge validate FILE...        check mapping files; every problem as file:line:column
  scim-bridge dry-run --config FILE --target NAME --request FILE|-
                                      print the vendor requests a SCIM request would cause
                                      ({"method","path","body"}); sends nothing
  scim-bridge jobs --config FILE [--target NAME] [--all]
                                      list asynchronous vendor jobs: open and failed ones
                                      (all with --all); exit code 1 when one has failed
  scim-bridge pause --config FILE --target NAME [--reason TEXT]
  scim-bridge resume --config FILE --target NAME
                                      pause a target of the running bridge (503 + Retry-After,
                                      e.g. during vendor maintenance) and end the pause
  scim-bridge reconcile --config FILE --target NAME [--type User|Group] [--repair]
                                      compare the vendor's records (its list, all pages) with
                                      the store: missing, unknown and differing records; with
                                      --repair, send the store's state for the first and last;
                                      exit code 0 no drift left, 1 drift left, 2 cannot run
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

int validate(const std::vector<std::string_view>& args)
{
    if (args.empty()) {
        std::fprintf(stderr, "validate: at least one mapping FILE is required\n%s", usage);
        return 2;
    }
    const std::vector<std::filesystem::path> files(args.begin(), args.end());
    return app::validate_mappings(files, app::default_schemas_dir(), std::cout, std::cerr);
}

int dry_run(const std::vector<std::string_view>& args)
{
    std::string config_file, target, request_file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size())
            config_file = args[++i];
        else if (args[i] == "--target" && i + 1 < args.size())
            target = args[++i];
        else if (args[i] == "--request" && i + 1 < args.size())
            request_file = args[++i];
        else {
            std::fprintf(stderr, "dry-run: unexpected argument %.*s\n%s", static_cast<int>(args[i].size()),
                         args[i].data(), usage);
            return 2;
        }
    }
    if (config_file.empty() || target.empty() || request_file.empty()) {
        std::fprintf(stderr, "dry-run: --config, --target and --request are required\n%s", usage);
        return 2;
    }
    std::string request;
    if (request_file == "-") {
        request.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(request_file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "dry-run: cannot read %s\n", request_file.c_str());
            return 2;
        }
        std::ostringstream text;
        text << in.rdbuf();
        request = text.str();
    }
    return app::dry_run(config::load_server_config(config_file), target, request, app::default_schemas_dir(),
                        std::cout, std::cerr);
}

int jobs(const std::vector<std::string_view>& args)
{
    std::string config_file;
    std::optional<std::string> target;
    bool all = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size())
            config_file = args[++i];
        else if (args[i] == "--target" && i + 1 < args.size())
            target = std::string(args[++i]);
        else if (args[i] == "--all")
            all = true;
        else {
            std::fprintf(stderr, "jobs: unexpected argument %.*s\n%s", static_cast<int>(args[i].size()),
                         args[i].data(), usage);
            return 2;
        }
    }
    if (config_file.empty()) {
        std::fprintf(stderr, "jobs: --config FILE is required\n%s", usage);
        return 2;
    }
    return app::list_jobs(config::load_server_config(config_file), target, all, std::cout, std::cerr);
}

int pause_or_resume(std::string_view verb, const std::vector<std::string_view>& args)
{
    std::string config_file, target, reason;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size())
            config_file = args[++i];
        else if (args[i] == "--target" && i + 1 < args.size())
            target = args[++i];
        else if (verb == "pause" && args[i] == "--reason" && i + 1 < args.size())
            reason = args[++i];
        else {
            std::fprintf(stderr, "%.*s: unexpected argument %.*s\n%s", static_cast<int>(verb.size()), verb.data(),
                         static_cast<int>(args[i].size()), args[i].data(), usage);
            return 2;
        }
    }
    if (config_file.empty() || target.empty()) {
        std::fprintf(stderr, "%.*s: --config and --target are required\n%s", static_cast<int>(verb.size()),
                     verb.data(), usage);
        return 2;
    }
    const auto config = config::load_server_config(config_file);
    return verb == "pause" ? app::pause_target(config, target, reason, std::cout, std::cerr)
                           : app::resume_target(config, target, std::cout, std::cerr);
}

int reconcile(const std::vector<std::string_view>& args)
{
    std::string config_file;
    app::reconcile_options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size())
            config_file = args[++i];
        else if (args[i] == "--target" && i + 1 < args.size())
            options.target = args[++i];
        else if (args[i] == "--type" && i + 1 < args.size()) {
            options.type = std::string(args[++i]);
            if (options.type != "User" && options.type != "Group") {
                std::fprintf(stderr, "reconcile: --type is User or Group, not %s\n", options.type->c_str());
                return 2;
            }
        }
        else if (args[i] == "--repair")
            options.repair = true;
        else {
            std::fprintf(stderr, "reconcile: unexpected argument %.*s\n%s", static_cast<int>(args[i].size()),
                         args[i].data(), usage);
            return 2;
        }
    }
    if (config_file.empty() || options.target.empty()) {
        std::fprintf(stderr, "reconcile: --config and --target are required\n%s", usage);
        return 2;
    }
    // In place on a terminal; a log (CI, cron) gets no progress lines.
    options.progress = ::isatty(STDERR_FILENO) == 1;
    config::server_config config;
    try {
        config = config::load_server_config(config_file);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reconcile: %s\n", e.what());
        return 2;
    }
    return app::reconcile(config, options, app::default_schemas_dir(), std::cout, std::cerr);
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
    if (all[0] == "validate")
        return validate(rest);
    if (all[0] == "dry-run")
        return dry_run(rest);
    if (all[0] == "jobs")
        return jobs(rest);
    if (all[0] == "reconcile")
        return reconcile(rest);
    if (all[0] == "pause" || all[0] == "resume")
        return pause_or_resume(all[0], rest);
    std::fprintf(stderr, "unknown command %.*s\n%s", static_cast<int>(all[0].size()), all[0].data(), usage);
    return 2;
}

} // namespace cli
