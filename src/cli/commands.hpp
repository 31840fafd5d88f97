#pragma once
// The verbs of the scim-bridge command: serve, validate, dry-run, jobs,
// reconcile, hash-token.

namespace cli {

// Dispatches on argv[1]; returns the process exit code.
int run(int argc, char** argv);

} // namespace cli
