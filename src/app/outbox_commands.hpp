#pragma once
// `scim-bridge outbox`: deferred delivery's backlog in the store, for an
// admin: every entry (what waits, what the vendor refused and why), and
// the two things an admin can do with one: retry it now, or drop it (the
// vendor keeps what it has; a `reconcile` shows the difference). Works
// beside a running bridge, which sees the change within a second.

#include "config/server_config.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace app {

struct outbox_action {
    enum class kind { list, retry, drop };
    kind what = kind::list;
    std::int64_t entry = 0;
};

// Exit codes: 0 done (a listing with no failed entry); 1 a failed entry is
// listed (for monitoring); 2 an unknown target or entry.
int outbox_command(const config::server_config& config, const std::optional<std::string>& target,
                   outbox_action action, std::ostream& out, std::ostream& err);

} // namespace app
