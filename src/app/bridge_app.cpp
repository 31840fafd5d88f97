#include "app/bridge_app.hpp"

#include "app/allocator_tuning.hpp"
#include "app/restart_settings.hpp"
#include "app/store_opening.hpp"
#include "app/target_assembly.hpp"
#include "bridge/intent_recovery.hpp"
#include "config/config_loader.hpp"
#include "config/file_exposure.hpp"
#include "observability/process_metrics.hpp"
#include "server/descriptor_limit.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

#ifndef SCIM_BRIDGE_DEFAULT_SCHEMAS
#define SCIM_BRIDGE_DEFAULT_SCHEMAS "schemas"
#endif

namespace app {

std::filesystem::path default_schemas_dir()
{
    if (const char* dir = std::getenv("SCIM_BRIDGE_SCHEMAS_DIR"); dir && *dir)
        return dir;
    return SCIM_BRIDGE_DEFAULT_SCHEMAS;
}

namespace {

// A configured port of 0 (tests) is only known once bound.
std::string with_bound_port(std::string url, std::uint16_t port)
{
    if (url.ends_with(":0"))
        url = url.substr(0, url.size() - 1) + std::to_string(port);
    return url;
}

// Refuses to serve with a secret file readable by others, or a settings file
// writable by others, unless allow_insecure_files says to go on (warned).
void check_file_exposure(const config::server_config& config, server::logger& events)
{
    const auto problems = config::exposed_files(config);
    if (problems.empty())
        return;
    if (config.allow_insecure_files) {
        for (const auto& problem : problems)
            events.warn("insecure_file", {{"problem", problem}});
        return;
    }
    std::string message = "refusing to start:";
    for (const auto& problem : problems)
        message += "\n  " + problem;
    message += "\nchmod o-rwx the files (or set allow_insecure_files: true to start anyway)";
    throw std::runtime_error(message);
}

// Vendor connections a target may hold (its pool and a login), counted
// against the descriptor limit beside the inbound ones.
constexpr std::size_t descriptors_per_target = 16;

// The listener's settings: the configuration's, with max_connections lowered
// to what the descriptor limit allows once raised (server/descriptor_limit.hpp).
// The configuration itself keeps the number written, so that a reload does
// not take the difference for a change. Throws when not one connection fits.
config::server_config fit_connections_to_descriptors(config::server_config config, server::logger& events)
{
    const auto limit = server::raise_descriptor_limit();
    const auto reserved = server::descriptors_reserved + descriptors_per_target * config.targets.size();
    const auto fitting = server::connections_within(config.limits.max_connections, limit, reserved);
    if (fitting == config.limits.max_connections)
        return config;
    if (fitting == 0)
        throw std::runtime_error("the descriptor limit (" + std::to_string(limit) +
                                 ", ulimit -n) leaves no room for connections; raise it (LimitNOFILE=)");
    events.warn("connection_limit_lowered", {{"max_connections", std::to_string(config.limits.max_connections)},
                                             {"now", std::to_string(fitting)},
                                             {"descriptor_limit", std::to_string(limit)}});
    config.limits.max_connections = fitting;
    return config;
}

} // namespace

bridge_app::bridge_app(config::server_config config, std::filesystem::path schemas_dir, std::FILE* log_output)
    : config_(std::move(config)),
      events_(config_.log.level, log_output == stdout ? stderr : log_output, config_.log.format)
{
    tune_allocator_for_serving();
    check_file_exposure(config_, events_);
    if (config_.log.access_log)
        access_ = std::make_unique<server::access_log>(log_output, config_.log.format, config_.log.query_strings);
    stores_ = open_store(config_.store, std::max(2u, config_.threads));
    schemas_ = scim::schema_registry::load(schemas_dir);

    // The router needs the public URL, which needs the bound port: bind
    // first with an empty router, replaced before the first request.
    handler_.install(std::make_shared<api::scim_router>(api::target_map{}, std::string(), events_));
    server_ = std::make_unique<server::http_server>(fit_connections_to_descriptors(config_, events_), handler_,
                                                   events_, access_.get());
    public_url_ = with_bound_port(config_.public_url, server_->port());

    auto assembled = assemble_targets(config_, assembly_inputs(), nullptr);
    auto generation = std::make_shared<serving_generation>();
    generation->config = std::make_shared<const config::server_config>(config_);
    generation->targets = std::move(assembled.targets);
    generation->mapping_hashes = std::move(assembled.mapping_hashes);
    install(generation);
    for (const auto& backend : assembled.fresh)
        backend->start(server_->io_context().get_executor());
    refresh_pauses();
    watch_pauses();
    watch_hangups();
    resolve_pending_intents();
    if (config_.admin)
        admin_ = std::make_unique<admin_listener>(
            config_, events_, *server_, [this] { return current(); }, backlog_of(stores_),
            [this] { return reload(); });
    observability::process_metrics().config_loaded(config_.source_hash, std::chrono::system_clock::now());
    events_.info("started", {{"listen", config_.listen.address + ":" + std::to_string(server_->port())},
                             {"public_url", public_url_},
                             {"store", config_.store.path.string()},
                             {"targets", std::to_string(config_.targets.size())}});
}

bridge_app::~bridge_app()
{
    // A reload under way finishes first: it installs into what follows.
    reload_worker_.join();
    // The vendor connectors keep idle connections whose sockets belong to
    // the server's io_context: they must go (with the router that owns the
    // targets) while that io_context still exists.
    admin_.reset();
    handler_.install(nullptr);
    const std::lock_guard lock(generation_mutex_);
    generation_.reset();
}

target_assembly_inputs bridge_app::assembly_inputs()
{
    return {schemas_, &stores_, public_url_, [this](const store::job_row& job) { log_job(job); },
            [this](const bridge::delivery_event& event) { log_delivery(event); }};
}

std::shared_ptr<const serving_generation> bridge_app::current() const
{
    const std::lock_guard lock(generation_mutex_);
    return generation_;
}

void bridge_app::install(std::shared_ptr<serving_generation> generation)
{
    generation->router = std::make_shared<api::scim_router>(generation->targets, public_url_, events_);
    handler_.install(generation->router);
    const std::lock_guard lock(generation_mutex_);
    generation_ = std::move(generation);
}

admin::reload_report bridge_app::reload()
{
    const std::lock_guard one_at_a_time(reload_mutex_);
    const auto began = std::chrono::steady_clock::now();
    admin::reload_report report;
    auto& metrics = observability::process_metrics();
    const auto previous = current();
    try {
        if (config_.source_file.empty())
            throw std::runtime_error("the configuration was not read from a file: there is nothing to re-read");
        auto loaded = config::load_server_config(config_.source_file);
        report.restart_needed = settings_needing_restart(config_, loaded);
        auto next = with_running_settings(std::move(loaded), config_);
        // Everything is read and checked before anything is swapped.
        auto assembled = assemble_targets(next, assembly_inputs(), previous.get());
        if (next.log.level != previous->config->log.level)
            events_.set_minimum(next.log.level);
        auto generation = std::make_shared<serving_generation>();
        generation->config = std::make_shared<const config::server_config>(std::move(next));
        generation->targets = std::move(assembled.targets);
        generation->mapping_hashes = std::move(assembled.mapping_hashes);
        install(generation);
        for (const auto& backend : assembled.fresh)
            backend->start(server_->io_context().get_executor());
        // Writes in flight on a replaced pipeline finish on it; only its
        // background job polling ends.
        for (const auto& backend : assembled.retired)
            backend->stop();
        report.applied = true;
        report.changes = std::move(assembled.changes);
        metrics.config_loaded(generation->config->source_hash, std::chrono::system_clock::now());
        metrics.config_reload("applied");
    } catch (const std::exception& e) {
        // One line per problem, each file:line:column as the loaders give it.
        std::string text = e.what();
        for (std::size_t begin = 0; begin < text.size();) {
            auto end = text.find('\n', begin);
            if (end == std::string::npos)
                end = text.size();
            auto line = text.substr(begin, end - begin);
            if (const auto first = line.find_first_not_of(' '); first != std::string::npos)
                report.errors.push_back(line.substr(first));
            begin = end + 1;
        }
        metrics.config_reload("refused");
        events_.error("config_reload_refused",
                      {{"file", config_.source_file.string()},
                       {"error", text},
                       {"hint", "nothing changed: the configuration loaded before goes on serving"}});
        return report;
    }
    std::string changes;
    for (const auto& change : report.changes)
        changes += (changes.empty() ? "" : "; ") + change;
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    events_.info("config_reloaded", {{"file", config_.source_file.string()},
                                     {"changes", changes.empty() ? "none" : changes},
                                     {"targets", std::to_string(current()->targets.size())},
                                     {"took_ms", std::to_string(took.count())}});
    if (!report.restart_needed.empty()) {
        std::string keys;
        for (const auto& key : report.restart_needed)
            keys += (keys.empty() ? "" : ", ") + key;
        events_.warn("config_reload_needs_restart",
                     {{"settings", keys},
                      {"hint", "these changed in the file but keep their running values until a restart"}});
    }
    return report;
}

void bridge_app::watch_hangups()
{
    // SIGHUP reloads (its default action would end the process). One
    // signal_set for the process's life, re-armed after each signal: while
    // it exists SIGHUP never reverts to its default.
    if (!hangups_)
        hangups_ = std::make_unique<boost::asio::signal_set>(server_->io_context(), SIGHUP);
    hangups_->async_wait([this](const boost::system::error_code& error, int) {
        if (error)
            return;
        events_.info("reload_signal", {{"signal", "SIGHUP"}});
        // Off the I/O threads: reading and checking the files must not
        // hold up SCIM requests (with threads: 1, the only one).
        boost::asio::post(reload_worker_, [this] { reload(); });
        watch_hangups();
    });
}

void bridge_app::resolve_pending_intents()
{
    for (const auto& [intent, resolved] : bridge::recover_interrupted_intents(*stores_.intents, *stores_.resources)) {
        if (resolved) {
            events_.info("interrupted vendor intent resolved by a later write",
                         {{"intent", std::to_string(intent.id)}, {"target", intent.target}, {"id", intent.scim_id}});
            continue;
        }
        events_.warn("pending vendor intent",
                     {{"hint", "the vendor may hold a change the bridge does not know: resolved once the identity "
                               "provider retries, else compare the vendor's record"},
                      {"intent", std::to_string(intent.id)},
                      {"target", intent.target},
                      {"type", intent.type},
                      {"id", intent.scim_id},
                      {"operation", intent.operation},
                      {"since", intent.created}});
    }
}

void bridge_app::log_job(const store::job_row& job)
{
    const auto id = std::to_string(job.id);
    if (job.status == store::job_status::failed)
        events_.warn("vendor job failed", {{"target", job.target},
                                           {"type", job.type},
                                           {"id", job.scim_id},
                                           {"job", id},
                                           {"operation", job.operation},
                                           {"vendor_request", job.vendor_request_id},
                                           {"request_id", job.scim_request_id},
                                           {"error", job.last_error}});
    else
        events_.debug("vendor job complete", {{"target", job.target},
                                              {"id", job.scim_id},
                                              {"job", id},
                                              {"operation", job.operation}});
}

void bridge_app::log_delivery(const bridge::delivery_event& event)
{
    using kind = bridge::delivery_event::kind;
    const auto entry = std::to_string(event.entry), attempts = std::to_string(event.attempts);
    switch (event.what) {
    case kind::deferred:
        events_.info("vendor unreachable: write kept back for later delivery",
                     {{"target", event.target}, {"type", event.type}, {"id", event.scim_id},
                      {"request_id", event.request_id}});
        break;
    case kind::delivered:
        events_.info("kept-back write delivered to the vendor",
                     {{"target", event.target}, {"type", event.type}, {"id", event.scim_id},
                      {"outbox_entry", entry}});
        break;
    case kind::waiting:
        events_.debug("vendor still unreachable: delivery waits", {{"target", event.target},
                                                                    {"id", event.scim_id},
                                                                    {"outbox_entry", entry},
                                                                    {"attempts", attempts},
                                                                    {"error", event.error}});
        break;
    case kind::refused:
        events_.warn("vendor refused a kept-back write at delivery", {{"target", event.target},
                                                                       {"type", event.type},
                                                                       {"id", event.scim_id},
                                                                       {"outbox_entry", entry},
                                                                       {"request_id", event.request_id},
                                                                       {"error", event.error}});
        break;
    }
}

void bridge_app::refresh_pauses()
{
    const auto paused = stores_.pauses->paused();
    const auto generation = current();
    if (!generation)
        return;
    for (const auto& [name, target] : generation->targets) {
        const auto& pause = target->pause;
        const auto found = paused.find(name);
        const bool was = pause->reason().has_value();
        pause->set(found == paused.end() ? std::nullopt : std::optional<std::string>(found->second.reason));
        if (was != (found != paused.end()))
            events_.info(was ? "target resumed" : "target paused", {{"target", name}});
    }
}

void bridge_app::watch_pauses()
{
    // Once a second: an admin's pause takes effect within that, at the cost
    // of one small read, instead of a read on every request.
    boost::asio::co_spawn(
        server_->io_context(),
        [this]() -> boost::asio::awaitable<void> {
            boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
            for (;;) {
                timer.expires_after(std::chrono::seconds(1));
                co_await timer.async_wait(boost::asio::use_awaitable);
                try {
                    // On a store reader: never a file read on an I/O thread.
                    co_await stores_.executor->read([this] { refresh_pauses(); });
                } catch (const std::exception& e) {
                    events_.warn("cannot read target pauses", {{"error", e.what()}});
                }
            }
        },
        boost::asio::detached);
}

void bridge_app::run()
{
    if (admin_)
        admin_->start();
    server_->run();
    // Only now: while the SCIM listener drained, the admin /readyz said so.
    if (admin_)
        admin_->stop();
    if (access_)
        access_->flush();
    // The store's threads finish what is queued (audit rows) first.
    stores_.close();
    events_.info("stopped");
}

void bridge_app::stop()
{
    server_->stop();
}

} // namespace app
