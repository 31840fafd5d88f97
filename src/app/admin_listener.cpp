#include "app/admin_listener.hpp"

#include "config/token_hash.hpp"
#include "observability/process_metrics.hpp"
#include "observability/vendor_errors.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>

namespace app {

namespace {

config::server_config listener_settings(const config::server_config& config)
{
    config::server_config settings;
    settings.listen = config.admin->listen;
    settings.threads = 1;
    settings.limits.max_connections = 64;
    settings.shutdown_grace = std::chrono::milliseconds(1000);
    return settings;
}

} // namespace

admin_listener::admin_listener(const config::server_config& startup, server::logger& events,
                               const server::http_server& scim, generation_source current, backlog_reader backlog,
                               admin::reload_action reload)
    : scim_(scim),
      current_(std::move(current)),
      backlog_(std::move(backlog)),
      listener_config_(listener_settings(startup)),
      handler_(*this, events, std::move(reload))
{
    auto& registry = observability::process_registry();
    collectors_.push_back(registry.add_collector(
        "scim_bridge_target_paused", "1 while a target is paused (scim-bridge pause), else 0.",
        observability::metric_type::gauge, {"target"}, [this] {
            std::vector<observability::sample> samples;
            for (const auto& [name, target] : current_()->targets)
                samples.push_back({{name}, paused(*target) ? 1.0 : 0.0});
            return samples;
        }));
    if (backlog_) {
        // One store read per scrape serves the four families.
        collectors_.push_back(registry.add_collector(
            "scim_bridge_async_jobs", "Asynchronous vendor jobs by state (open: pending or polling; failed).",
            observability::metric_type::gauge, {"target", "state"}, [this] {
                std::vector<observability::sample> samples;
                for (const auto& [name, counts] : backlog_counts()) {
                    samples.push_back({{name, "open"}, static_cast<double>(counts.open_jobs)});
                    samples.push_back({{name, "failed"}, static_cast<double>(counts.failed_jobs)});
                }

                return samples;
            }));
        collectors_.push_back(registry.add_collector(
            "scim_bridge_async_job_oldest_open_age_seconds", "Age of the oldest open asynchronous vendor job.",
            observability::metric_type::gauge, {"target"}, [this] {
                std::vector<observability::sample> samples;
                for (const auto& [name, counts] : backlog_counts())
                    samples.push_back({{name}, counts.oldest_open_job_age_s});
                return samples;
            }));
        collectors_.push_back(registry.add_collector(
            "scim_bridge_pending_intents", "Vendor calls begun whose outcome is not yet committed.",
            observability::metric_type::gauge, {"target"}, [this] {
                std::vector<observability::sample> samples;
                for (const auto& [name, counts] : backlog_counts())
                    samples.push_back({{name}, static_cast<double>(counts.pending_intents)});
                return samples;
            }));
    }
    server_ = std::make_unique<server::http_server>(listener_config_, handler_, events, nullptr,
                                                    server::listener_options{"admin", false, false});
}

admin_listener::~admin_listener()
{
    stop();
    for (const auto id : collectors_)
        observability::process_registry().remove_collector(id);
}

void admin_listener::start()
{
    if (thread_.joinable())
        return;
    boost::asio::co_spawn(server_->io_context(), sample_activity(), boost::asio::detached);
    thread_ = std::thread([this] { server_->run(); });
}

boost::asio::awaitable<void> admin_listener::sample_activity()
{
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    for (;;) {
        history_.sample(observability::process_metrics().activity_totals_now());
        timer.expires_after(activity_interval());
        // Ends when the listener stops (its io_context with it).
        auto [error] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (error)
            co_return;
    }
}

std::map<std::string, std::vector<observability::activity_totals>, std::less<>> admin_listener::activity() const
{
    auto now = observability::process_metrics().activity_totals_now();
    // Every configured target has a line, quiet ones too.
    for (const auto& [name, target] : current_()->targets)
        now.try_emplace(name);
    return history_.series(now);
}

void admin_listener::stop()
{
    server_->stop();
    if (thread_.joinable())
        thread_.join();
}

backlog_reader backlog_of(const store::store_set& stores)
{
    return [jobs = stores.jobs, intents = stores.intents,
            executor = stores.executor]() -> boost::asio::awaitable<backlog_map> {
        auto counts = co_await executor->read([&] {
            backlog_map result;
            const auto now_listed = jobs->list(std::nullopt, true, 100'000);
            for (const auto& job : now_listed) {
                auto& entry = result[job.target];
                if (job.open()) {
                    ++entry.open_jobs;
                    entry.oldest_open_job_age_s =
                        std::max(entry.oldest_open_job_age_s, static_cast<double>(job.age_ms) / 1000.0);
                } else if (job.status == store::job_status::failed) {
                    ++entry.failed_jobs;
                }
            }
            for (const auto& intent : intents->pending())
                ++result[intent.target].pending_intents;
            return result;
        });
        co_return counts;
    };
}

boost::asio::awaitable<void> admin_listener::refresh()
{
    if (!backlog_)
        co_return;
    std::optional<backlog_map> counts;
    try {
        counts = co_await backlog_();
    } catch (const std::exception&) {
        // The store is closing or busy: the last counts, and the rest, still help.
    }
    if (counts) {
        const std::lock_guard lock(backlog_mutex_);
        backlog_counts_ = std::move(counts);
    }
}

backlog_map admin_listener::backlog_counts() const
{
    std::optional<backlog_map> counts;
    {
        const std::lock_guard lock(backlog_mutex_);
        counts = backlog_counts_;
    }
    if (!counts)
        return {};  // never read: no series rather than zeros that are not known
    // Every target, zeros included: a series that vanishes reads as "no data".
    for (const auto& [name, target] : current_()->targets)
        counts->try_emplace(name);
    return *counts;
}

std::optional<std::string> admin_listener::paused(const api::target& target)
{
    if (auto reason = target.pause->reason())
        return reason;
    if (target.settings.paused)
        return "paused: true in the configuration";
    return std::nullopt;
}

std::vector<admin::target_status> admin_listener::targets() const
{
    const backlog_map backlog = backlog_counts();
    const auto generation = current_();
    std::vector<admin::target_status> result;
    // In the configuration's order.
    for (const auto& settings : generation->config->targets) {
        const auto target = generation->targets.find(settings.name);
        if (target == generation->targets.end())
            continue;
        admin::target_status status;
        status.name = settings.name;
        if (settings.mapping) {
            status.mapping_file = settings.mapping->string();
            status.mapping_hash = generation->mapping_hashes.at(settings.name);
        }
        status.paused = paused(*target->second);
        for (const auto& hash : settings.token_hashes)
            status.token_fingerprints.push_back(admin::token_fingerprint(hash));
        if (auto error = observability::process_vendor_errors().last(settings.name))
            status.last_vendor_error =
                admin::vendor_error_view{error->when, error->status, error->method, error->path, error->request_id,
                                         error->error};
        if (backlog_) {
            const auto found = backlog.find(settings.name);
            const target_backlog counts = found == backlog.end() ? target_backlog{} : found->second;
            status.open_jobs = counts.open_jobs;
            status.failed_jobs = counts.failed_jobs;
            status.pending_intents = counts.pending_intents;
        }
        result.push_back(std::move(status));
    }
    return result;
}

} // namespace app
