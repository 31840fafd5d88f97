#pragma once
// One scim-bridge process, assembled from its configuration: the store, the
// schemas, the targets with their pipelines, the SCIM router and the HTTP
// server. main() runs one; integration tests run one in-process on port 0.

#include "admin/reload_report.hpp"
#include "api/scim_router.hpp"
#include "api/target.hpp"
#include "app/admin_listener.hpp"
#include "app/serving_generation.hpp"
#include "app/switchable_router.hpp"
#include "app/target_assembly.hpp"
#include "config/server_config.hpp"
#include "scim/schema.hpp"
#include "server/access_log.hpp"
#include "server/http_server.hpp"
#include "server/logger.hpp"
#include "store/store_set.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
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

    // Re-reads the configuration file (config.source_file) and every mapping
    // file, builds the new targets completely and swaps them in at once
    // (serving_generation.hpp, target_assembly.hpp); on any problem nothing
    // changes and the report says why. Logged, and counted in
    // scim_bridge_config_reload_total{outcome}. Safe from any thread; one
    // reload at a time. SIGHUP runs it on a thread of its own.
    admin::reload_report reload();

    // The generation serving now.
    std::shared_ptr<const serving_generation> current() const;

private:
    void install(std::shared_ptr<serving_generation> generation);
    target_assembly_inputs assembly_inputs();
    void watch_hangups();
    void resolve_pending_intents();
    // Admin pauses (`scim-bridge pause`) from the store into the targets.
    void refresh_pauses();
    void watch_pauses();
    void log_delivery(const bridge::delivery_event& event);
    void log_job(const store::job_row& job);

    // As started: the listeners, store and threads keep these settings
    // (restart_settings.hpp); the generation holds the configuration in force.
    config::server_config config_;
    server::logger events_;
    std::unique_ptr<server::access_log> access_;
    // The store's interfaces and the executor their work runs on (off the
    // I/O threads); closed after the server has stopped.
    store::store_set stores_;
    std::shared_ptr<const scim::schema_registry> schemas_;
    std::string public_url_;
    // What the SCIM listener calls: the current generation's router.
    switchable_router handler_;
    std::unique_ptr<server::http_server> server_;
    mutable std::mutex generation_mutex_;
    std::shared_ptr<const serving_generation> generation_;  // guarded by generation_mutex_
    std::mutex reload_mutex_;                              // one reload at a time
    std::unique_ptr<boost::asio::signal_set> hangups_;     // SIGHUP: reload
    // Where a SIGHUP's reload runs: one thread, idle but for reloads.
    boost::asio::thread_pool reload_worker_{1};
    // Declared last: it reads the members above, and goes first.
    std::unique_ptr<admin_listener> admin_;
};

} // namespace app
