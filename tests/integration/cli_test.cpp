// The command line as an operator meets it: --version, --help for every
// verb (never taken as a file or a token), and usage errors with exit code 2.

#include "cli/commands.hpp"
#include "observability/build_info.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace {

struct outcome {
    int status = -1;
    std::string out;
    std::string err;
};

outcome run(std::vector<std::string> args)
{
    std::ostringstream out, err;
    outcome result;
    result.status = cli::run(args, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("scim-bridge --version names the version and the commit")
{
    const auto r = run({"--version"});
    CHECK(r.status == 0);
    CHECK(r.out == "scim-bridge " + std::string(observability::build_version()) + " (commit " +
                       std::string(observability::build_commit()) + ")\n");
    CHECK(observability::build_version() == "0.1.0");
    CHECK(!observability::build_commit().empty());
}

TEST_CASE("every verb has --help, which runs nothing")
{
    for (const std::string verb :
         {"serve", "validate", "dry-run", "jobs", "pause", "resume", "reconcile", "hash-token"}) {
        INFO(verb);
        const auto r = run({verb, "--help"});
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(contains(r.out, "usage: scim-bridge " + verb + " "));
        CHECK(contains(r.out, "--help"));
        // `help VERB` says the same.
        CHECK(run({"help", verb}).out == r.out);
    }
    // Before: validate opened a file named --help, hash-token hashed the word.
    CHECK(!contains(run({"validate", "--help"}).out, "cannot read"));
    CHECK(!contains(run({"hash-token", "--help"}).out, "sha256:"));
    CHECK(contains(run({"serve", "-h"}).out, "--config FILE"));
}

TEST_CASE("the overview lists every verb")
{
    const auto r = run({"--help"});
    CHECK(r.status == 0);
    for (const std::string verb :
         {"serve", "validate", "dry-run", "jobs", "pause", "resume", "reconcile", "hash-token"})
        CHECK(contains(r.out, "  " + verb + " "));
    const auto none = run({});
    CHECK(none.status == 2);
    CHECK(contains(none.err, "usage: scim-bridge VERB"));
}

TEST_CASE("usage errors exit 2 and say what is wrong")
{
    const auto missing = run({"serve"});
    CHECK(missing.status == 2);
    CHECK(contains(missing.err, "serve: the option '--config' is required"));
    CHECK(contains(missing.err, "usage: scim-bridge serve --config FILE"));

    const auto unknown = run({"jobs", "--config", "c.yaml", "--bogus"});
    CHECK(unknown.status == 2);
    CHECK(contains(unknown.err, "unrecognised option '--bogus'"));

    const auto no_value = run({"pause", "--config", "c.yaml", "--target"});
    CHECK(no_value.status == 2);
    CHECK(contains(no_value.err, "--target"));

    const auto verb = run({"frobnicate"});
    CHECK(verb.status == 2);
    CHECK(contains(verb.err, "unknown verb frobnicate"));

    CHECK(run({"validate"}).status == 2);
    CHECK(run({"reconcile", "--config", "c.yaml", "--target", "t", "--type", "Role"}).status == 2);
}

TEST_CASE("hash-token hashes its argument, if it is long and not an example")
{
    const std::string token(40, 'a');
    const auto r = run({"hash-token", token});
    CHECK(r.status == 0);
    CHECK(r.out == "sha256:e33cdf9c7f7120b98e8c78408953e07f2ecd183006b5606df349b4c212acf43e\n");
    // A token that starts with a dash, after --.
    CHECK(run({"hash-token", "--", "-" + token}).out.starts_with("sha256:"));
    // Short tokens and well-known ones are refused, without echoing them.
    const auto short_one = run({"hash-token", "abc"});
    CHECK(short_one.status == 2);
    CHECK(short_one.out.empty());
    CHECK(contains(short_one.err, "at least 32 characters"));
    CHECK(!contains(short_one.err, "abc"));
}
