#include "cli/commands.hpp"

#include "app/bridge_app.hpp"
#include "app/job_listing.hpp"
#include "app/mapping_commands.hpp"
#include "app/outbox_commands.hpp"
#include "app/reconcile.hpp"
#include "app/reload_request.hpp"
#include "app/target_pause_commands.hpp"
#include "config/config_loader.hpp"
#include "config/token_hash.hpp"
#include "observability/build_info.hpp"
#include "server/shutdown_signals.hpp"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace cli {

namespace po = boost::program_options;

namespace {

// One verb: what `scim-bridge VERB --help` prints, the options it takes
// (Program_options formats them), and what it does with them.
struct verb {
    std::string_view name;
    std::string_view synopsis;  // after "scim-bridge NAME"
    std::string_view summary;   // one paragraph, for `--help` and the overview
    std::function<void(po::options_description&, po::positional_options_description&)> declare;
    std::function<int(const po::variables_map&, std::ostream& out, std::ostream& err)> run;
};

// The option every verb that reads a configuration takes.
void config_option(po::options_description& options)
{
    options.add_options()("config", po::value<std::string>()->value_name("FILE")->required(),
                          "the configuration file (YAML)");
}

void target_option(po::options_description& options, bool required)
{
    auto value = po::value<std::string>()->value_name("NAME");
    if (required)
        value->required();
    options.add_options()("target", value, "the target's name, as in the configuration");
}

std::string text_of(std::istream& in)
{
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The --config file for a verb that reports a bad one itself (exit 2)
// rather than letting the exception end the process.
std::optional<config::server_config> load_config(std::string_view verb, const po::variables_map& options,
                                                 std::ostream& err)
{
    try {
        return config::load_server_config(options["config"].as<std::string>());
    } catch (const std::exception& e) {
        err << verb << ": " << e.what() << "\n";
        return std::nullopt;
    }
}

int serve(const po::variables_map& options, std::ostream&, std::ostream&)
{
    app::bridge_app bridge(config::load_server_config(options["config"].as<std::string>()));
    server::shutdown_signals signals(bridge.server());
    bridge.run();
    return 0;
}

int validate(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    const auto& names = options["file"].as<std::vector<std::string>>();
    const std::vector<std::filesystem::path> files(names.begin(), names.end());
    return app::validate_mappings(files, app::default_schemas_dir(), out, err);
}

int dry_run(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    const auto& request_file = options["request"].as<std::string>();
    std::string request;
    if (request_file == "-") {
        request = text_of(std::cin);
    } else {
        std::ifstream in(request_file, std::ios::binary);
        if (!in) {
            err << "dry-run: cannot read " << request_file << "\n";
            return 2;
        }
        request = text_of(in);
    }
    return app::dry_run(config::load_server_config(options["config"].as<std::string>()),
                        options["target"].as<std::string>(), request, app::default_schemas_dir(), out, err);
}

int jobs(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    std::optional<std::string> target;
    if (options.count("target"))
        target = options["target"].as<std::string>();
    return app::list_jobs(config::load_server_config(options["config"].as<std::string>()), target,
                          options.count("all") > 0, out, err);
}

int outbox(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    std::optional<std::string> target;
    if (options.count("target"))
        target = options["target"].as<std::string>();
    app::outbox_action action;
    if (options.count("retry") && options.count("drop")) {
        err << "outbox: --retry and --drop exclude each other\n";
        return 2;
    }
    if (options.count("retry"))
        action = {app::outbox_action::kind::retry, options["retry"].as<std::int64_t>()};
    if (options.count("drop"))
        action = {app::outbox_action::kind::drop, options["drop"].as<std::int64_t>()};
    return app::outbox_command(config::load_server_config(options["config"].as<std::string>()), target, action, out,
                               err);
}

int pause(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    return app::pause_target(config::load_server_config(options["config"].as<std::string>()),
                             options["target"].as<std::string>(), options["reason"].as<std::string>(), out, err);
}

int resume(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    return app::resume_target(config::load_server_config(options["config"].as<std::string>()),
                              options["target"].as<std::string>(), out, err);
}

int reconcile(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    app::reconcile_options settings;
    settings.target = options["target"].as<std::string>();
    if (options.count("type")) {
        settings.type = options["type"].as<std::string>();
        if (settings.type != "User" && settings.type != "Group") {
            err << "reconcile: --type is User or Group, not " << *settings.type << "\n";
            return 2;
        }
    }
    settings.repair = options.count("repair") > 0;
    // In place on a terminal; a log (CI, cron) gets no progress lines.
    settings.progress = ::isatty(STDERR_FILENO) == 1;
    const auto config = load_config("reconcile", options, err);
    if (!config)
        return 2;
    return app::reconcile(*config, settings, app::default_schemas_dir(), out, err);
}

int hash_token(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    std::string token;
    if (options.count("token"))
        token = options["token"].as<std::string>();
    else
        std::getline(std::cin, token);
    if (token.empty()) {
        err << "hash-token: no token given\n";
        return 2;
    }
    // The token itself is never echoed: it may be a real one.
    if (token.size() < config::min_token_length || config::is_example_token_hash(config::hash_token(token))) {
        err << "hash-token: a token must be a random string of at least " << config::min_token_length
            << " characters (this one has " << token.size()
            << (token.size() < config::min_token_length ? ")" : ", but it is a well-known example")
            << "); make one with: openssl rand -hex 32\n";
        return 2;
    }
    out << config::hash_token(token) << "\n";
    return 0;
}

int reload(const po::variables_map& options, std::ostream& out, std::ostream& err)
{
    const auto loaded = load_config("reload", options, err);
    if (!loaded)
        return 2;
    const config::server_config& settings = *loaded;
    // Never on the command line (other users see it in ps).
    std::optional<std::string> token;
    if (options.count("token-file")) {
        std::ifstream in(options["token-file"].as<std::string>());
        if (!in) {
            err << "reload: cannot read " << options["token-file"].as<std::string>() << "\n";
            return 2;
        }
        std::string text = text_of(in);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
            text.pop_back();
        token = text;
    } else if (const char* value = std::getenv("SCIM_BRIDGE_ADMIN_TOKEN"); value && *value) {
        token = value;
    }
    return app::request_reload(settings, token, out, err);
}

const std::vector<verb>& verbs()
{
    static const std::vector<verb> all{
        {"serve", "--config FILE", "Run the bridge: the SCIM listener (and the admin listener, when configured).",
         [](auto& options, auto&) { config_option(options); }, serve},
        {"validate", "FILE...",
         "Check mapping files as the bridge would load them; every problem as file:line:column. "
         "Exit code 1 when a file has problems.",
         [](auto& options, auto& positional) {
             options.add_options()("file", po::value<std::vector<std::string>>()->value_name("FILE")->required(),
                                   "a mapping file (several may be given)");
             positional.add("file", -1);
         },
         validate},
        {"dry-run", "--config FILE --target NAME --request FILE|-",
         "Print the vendor requests a SCIM request ({\"method\",\"path\",\"body\"}) would cause, secrets "
         "masked; sends nothing and writes nothing.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, true);
             options.add_options()("request", po::value<std::string>()->value_name("FILE")->required(),
                                   "the SCIM request as JSON; - reads standard input");
         },
         dry_run},
        {"jobs", "--config FILE [--target NAME] [--all]",
         "List asynchronous vendor jobs: open and failed ones (all with --all), newest first. "
         "Exit code 1 when a failed job is listed.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, false);
             options.add_options()("all", "list completed jobs too");
         },
         jobs},
        {"outbox", "--config FILE [--target NAME] [--retry ENTRY | --drop ENTRY]",
         "Deferred delivery's backlog: the changes kept back while a vendor was unreachable, and those the vendor "
         "refused at delivery (failed). --retry makes an entry due now; --drop gives it up (the vendor keeps what "
         "it had). Exit code 1 when a failed entry is listed.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, false);
             options.add_options()("retry", po::value<std::int64_t>()->value_name("ENTRY"),
                                   "deliver this entry now, also a failed one")(
                 "drop", po::value<std::int64_t>()->value_name("ENTRY"), "remove this entry undelivered");
         },
         outbox},
        {"pause", "--config FILE --target NAME [--reason TEXT]",
         "Pause a target of the running bridge within a second: it answers 503 with Retry-After "
         "(e.g. during vendor maintenance) while the others go on. Kept in the store.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, true);
             options.add_options()("reason", po::value<std::string>()->value_name("TEXT")->default_value(""),
                                   "shown in the 503's detail");
         },
         pause},
        {"resume", "--config FILE --target NAME", "End a target's pause.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, true);
         },
         resume},
        {"reload", "--config FILE [--token-file FILE]",
         "Make the running bridge re-read its configuration and mapping files (as SIGHUP does), through its "
         "admin listener; the admin token from SCIM_BRIDGE_ADMIN_TOKEN or --token-file. A file with a problem "
         "is refused and the running configuration goes on serving. Exit code 0 reloaded, 1 refused, "
         "2 cannot ask.",
         [](auto& options, auto&) {
             config_option(options);
             options.add_options()("token-file", po::value<std::string>()->value_name("FILE"),
                                   "a file holding the admin token");
         },
         reload},
        {"reconcile", "--config FILE --target NAME [--type User|Group] [--repair]",
         "Compare the vendor's records (its list, all pages) with the store: missing, unknown and differing "
         "records; with --repair, send the store's state for the missing and differing ones. "
         "Exit code 0 no drift left, 1 drift left, 2 cannot run.",
         [](auto& options, auto&) {
             config_option(options);
             target_option(options, true);
             options.add_options()("type", po::value<std::string>()->value_name("User|Group"),
                                   "one resource type (default: every type whose mapping can list)")(
                 "repair", "put missing and differing records right");
         },
         reconcile},
        {"hash-token", "[TOKEN]",
         "Print the hash to put in a target's `tokens` (reads the token from standard input when not given, "
         "which keeps it out of the shell's history).",
         [](auto& options, auto& positional) {
             options.add_options()("token", po::value<std::string>()->value_name("TOKEN"), "the bearer token");
             positional.add("token", 1);
         },
         hash_token},
    };
    return all;
}

void print_overview(std::ostream& out)
{
    out << "usage: scim-bridge VERB [OPTIONS]\n"
           "       scim-bridge VERB --help    a verb's options\n"
           "       scim-bridge --version\n\nverbs:\n";
    for (const verb& v : verbs())
        out << "  " << v.name << " " << v.synopsis << "\n";
}

void print_version(std::ostream& out)
{
    out << "scim-bridge " << observability::build_version() << " (commit " << observability::build_commit()
        << ")\n";
}

void print_usage(const verb& v, const po::options_description& options, std::ostream& out)
{
    out << "usage: scim-bridge " << v.name << " " << v.synopsis << "\n\n" << v.summary << "\n\n" << options;
}

int run_verb(const verb& v, const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    po::options_description options("options");
    po::positional_options_description positional;
    v.declare(options, positional);
    options.add_options()("help,h", "print this help");
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
        // --help wins over a missing required option.
        if (values.count("help")) {
            print_usage(v, options, out);
            return 0;
        }
        po::notify(values);
    } catch (const po::error& e) {
        err << v.name << ": " << e.what() << "\n";
        print_usage(v, options, err);
        return 2;
    }
    return v.run(values, out, err);
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty()) {
        print_overview(err);
        return 2;
    }
    const std::string& first = args[0];
    if (first == "--version" || first == "version") {
        print_version(out);
        return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        // `help VERB` is `VERB --help`.
        if (first == "help" && args.size() > 1)
            return run({args[1], "--help"}, out, err);
        print_overview(out);
        return 0;
    }
    for (const verb& v : verbs())
        if (v.name == first)
            return run_verb(v, std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    err << "unknown verb " << first << "\n";
    print_overview(err);
    return 2;
}

int run(int argc, char** argv)
{
    return run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}

} // namespace cli
