#pragma once
// The command line of scim-bridge: `--version`, `--help`, and the verbs
// (serve, validate, dry-run, jobs, pause, resume, reconcile, hash-token),
// each with its own `--help`. Parsed with Boost.Program_options.

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// Dispatches on argv[1]; returns the process exit code.
int run(int argc, char** argv);

// The same with the arguments after the program name and the streams given
// (tests): 0 done, 1 what the verb reports as failure, 2 a usage error
// (with the verb's usage on `err`).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace cli
