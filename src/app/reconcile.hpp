#pragma once
// `scim-bridge reconcile`: a vendor target's records, read through its
// mapping's `list` operation (all pages), against the bridge's store and
// correlation table. Reports records missing at the vendor, vendor records
// unknown to the bridge and linked records whose mapped attributes differ;
// with `repair`, puts the first and the last right through the normal write
// path. Runs beside a live bridge (SQLite WAL).

#include "config/server_config.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace app {

struct reconcile_options {
    std::string target;
    std::optional<std::string> type;  // "User", "Group"; absent: every type whose mapping can list
    bool repair = false;
    // "fetched N records (page P)…" on `err`, rewritten in place: for a
    // terminal, never for a log.
    bool progress = false;
};

// One line per finding and a summary on `out`. Returns 0 when no drift is
// left, 1 when drift is left (found, and not or not all repaired), 2 when
// reconcile cannot run (usage, configuration, a target without a `list`,
// the vendor's list unreadable), with the reason on `err`.
int reconcile(const config::server_config& config, const reconcile_options& options,
              const std::filesystem::path& schemas_dir, std::ostream& out, std::ostream& err);

} // namespace app
