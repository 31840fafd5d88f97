#pragma once
// One scim-bridge process, assembled from its configuration: the store, the
// schemas, the targets with their pipelines, the SCIM router and the HTTP
// server. main() runs one; integration tests run one in-process on port 0.

#include "api/scim_router.hpp"
#include "api/target.hpp"
#include "app/admin_listener.hpp"
#include "config/server_config.hpp"
#include "scim/schema.hpp"
#include "server/access_log.hpp"
#include "server/http_server.hpp"
#include "server/logger.hpp"
#include "store/store_set.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace app {

// $SCIM_BRIDGE_SCHEMAS_DIR, else the schemas/ folder of the source tree the
// binary was built from.
std::filesystem::path default_schemas_dir();

class bridge_app {
public:
    // Opens the store and binds the listener; throws std::runtime_error with
    // a message an admin can act on when anything is wrong.
    explicit bridge_app(config::server_config config, std::filesystem::path schemas_dir = default_schemas_dir(),
                        std::FILE* log_output = stdout);
    ~bridge_app();

    std::uint16_t port() const { return server_->port(); }
    const std::string& public_url() const { return public_url_; }
    server::http_server& server() { return *server_; }
    // Null without `admin:` in the configuration.
    admin_listener* admin() { return admin_.get(); }

    // Serves until stop(); then closes the store cleanly.
    void run();
    void stop();

private:
    void resolve_pending_intents();
    // Admin pauses (`scim-bridge pause`) from the store into the targets.
    void refresh_pauses();
    void watch_pauses();
    void log_job(const store::job_row& job);

    config::server_config config_;
    server::logger events_;
    std::unique_ptr<server::access_log> access_;
    // The store's interfaces and the executor their work runs on (off the
    // I/O threads); closed after the server has stopped.
    store::store_set stores_;
    std::shared_ptr<const scim::schema_registry> schemas_;
    std::string public_url_;
    std::unique_ptr<api::scim_router> router_;
    std::unique_ptr<server::http_server> server_;
    std::vector<std::pair<std::string, std::shared_ptr<api::pause_switch>>> pauses_;
    // Declared last: it reads the members above, and goes first.
    std::unique_ptr<admin_listener> admin_;
};

} // namespace app
