#pragma once
// The verbs of the scim-bridge command: serve, hash-token (and, as the
// mapping engine lands, validate, dry-run, jobs, reconcile).

namespace cli {

// Dispatches on argv[1]; returns the process exit code.
int run(int argc, char** argv);

} // namespace cli
