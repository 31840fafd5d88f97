#pragma once
// Which engine stands behind the store: the configuration decides, the rest
// of the program sees only store::store_set. SQLite is the embedded default.

#include "config/server_config.hpp"
#include "store/store_set.hpp"

namespace app {

// `readers`: store reader threads for a server; 0 runs store work inline
// (command-line verbs). Throws std::runtime_error when the store cannot be
// opened (start-up only).
store::store_set open_store(const config::store_config& config, unsigned readers = 0);

} // namespace app
