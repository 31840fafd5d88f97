#pragma once
// The verbs of the scim-bridge command: serve, validate, dry-run, hash-token
// (and, later, jobs and reconcile).

namespace cli {

// Dispatches on argv[1]; returns the process exit code.
int run(int argc, char** argv);

} // namespace cli
