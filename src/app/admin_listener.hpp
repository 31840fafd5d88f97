#pragma once
// The admin listener of one bridge process: its own HTTP server (address and
// port from `admin:` in the configuration, loopback by default) on its own
// thread, so that a scrape or an admin's look never competes with SCIM
// requests for the SCIM listener's threads, and still answers while the
// SCIM listener drains (its /readyz then says 503).

#include "admin/admin_handler.hpp"
#include "admin/status_source.hpp"
#include "admin/reload_report.hpp"
#include "api/target.hpp"
#include "app/serving_generation.hpp"
#include "server/http_server.hpp"
#include "store/store_set.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace app {

// Counts read from the store for /targets and the metrics; the app supplies
// them because only it knows the store.
struct target_backlog {
    std::int64_t open_jobs = 0;
    std::int64_t failed_jobs = 0;
    std::int64_t pending_intents = 0;
    double oldest_open_job_age_s = 0;  // 0 when none is open
};
using backlog_map = std::map<std::string, target_backlog>;
using backlog_reader = std::function<boost::asio::awaitable<backlog_map>()>;

// The counts of every target, read in one read unit on the store's executor.
backlog_reader backlog_of(const store::store_set& stores);

class admin_listener : public admin::status_source {
public:
    // Binds at once to `startup.admin` (throws std::runtime_error naming the
    // address when it cannot). What it shows is read from `current` at each
    // request, so a reload shows at once. `events` and `scim` must outlive
    // the listener; `reload` serves POST /reload (absent: 404).
    admin_listener(const config::server_config& startup, server::logger& events, const server::http_server& scim,
                   generation_source current, backlog_reader backlog = {}, admin::reload_action reload = {});
    ~admin_listener() override;

    std::uint16_t port() const { return server_->port(); }

    // Serves on a thread of its own until stop().
    void start();
    void stop();

    boost::asio::awaitable<void> refresh() override;
    bool ready() const override { return scim_.ready(); }
    std::vector<admin::target_status> targets() const override;
    std::shared_ptr<const config::server_config> config() const override { return current_()->config; }
    std::map<std::string, std::vector<observability::activity_totals>, std::less<>> activity() const override;
    std::chrono::seconds activity_interval() const override { return std::chrono::seconds(60); }

private:
    // The admin's reason (scim-bridge pause) or the configuration's.
    static std::optional<std::string> paused(const api::target& target);

    const server::http_server& scim_;
    generation_source current_;
    backlog_reader backlog_;
    mutable std::mutex backlog_mutex_;
    std::optional<backlog_map> backlog_counts_;  // as last refreshed
    backlog_map backlog_counts() const;
    std::vector<std::uint64_t> collectors_;
    observability::activity_history history_;
    boost::asio::awaitable<void> sample_activity();
    config::server_config listener_config_;
    admin::admin_handler handler_;
    std::unique_ptr<server::http_server> server_;
    std::thread thread_;
};

} // namespace app
