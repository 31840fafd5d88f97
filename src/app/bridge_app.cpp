#include "app/bridge_app.hpp"

#include "app/vendor_target.hpp"
#include "bridge/advertised_attributes.hpp"
#include "bridge/intent_recovery.hpp"
#include "bridge/resource_service.hpp"
#include "app/allocator_tuning.hpp"
#include "app/store_opening.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
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

bridge::list_limits list_limits_of(const config::limits_config& limits)
{
    return {static_cast<std::int64_t>(limits.default_page_size), static_cast<std::int64_t>(limits.max_page_size),
            static_cast<std::int64_t>(limits.max_filter_results)};
}

} // namespace

bridge_app::bridge_app(config::server_config config, std::filesystem::path schemas_dir, std::FILE* log_output)
    : config_(std::move(config)),
      events_(config_.log.level, log_output == stdout ? stderr : log_output, config_.log.format)
{
    tune_allocator_for_serving();
    if (config_.log.access_log)
        access_ = std::make_unique<server::access_log>(log_output, config_.log.format);
    stores_ = open_store(config_.store, std::max(2u, config_.threads));
    schemas_ = scim::schema_registry::load(schemas_dir);

    // The router needs the public URL, which needs the bound port: bind
    // first with a router that is filled in before the first request.
    api::target_map targets;
    router_ = std::make_unique<api::scim_router>(api::target_map{}, std::string(), events_);
    server_ = std::make_unique<server::http_server>(config_, *router_, events_, access_.get());
    public_url_ = with_bound_port(config_.public_url, server_->port());

    for (const auto& settings : config_.targets) {
        std::shared_ptr<bridge::mapped_backend> backend;
        std::optional<scim::attribute_selection> advertised;
        // A mapping may add the target's own attributes to the schemas.
        auto target_schemas = schemas_;
        if (settings.mapping) {
            backend = make_vendor_backend(
                settings, schemas_, stores_, [this](const store::job_row& job) { log_job(job); });
            backend->start(server_->io_context().get_executor());
            if (backend->target().schemas)
                target_schemas = backend->target().schemas;
            advertised = bridge::advertised_attributes(*backend->target().mapping, *target_schemas);
        }
        bridge::target_context context{settings.name, public_url_ + std::string(api::scim_prefix) + settings.name,
                                       target_schemas, stores_.resources, std::move(backend),
                                       list_limits_of(config_.limits), stores_.executor};
        auto target = std::make_shared<api::target>(api::target{
            settings, std::make_shared<bridge::resource_service>(std::move(context)), std::move(advertised)});
        pauses_.emplace_back(settings.name, target->pause);
        targets.emplace(settings.name, std::move(target));
    }
    router_->configure(std::move(targets), public_url_);
    refresh_pauses();
    watch_pauses();
    resolve_pending_intents();
    if (config_.admin)
        admin_ = std::make_unique<admin_listener>(config_, events_, *server_, pauses_, backlog_of(stores_));
    events_.info("started", {{"listen", config_.listen.address + ":" + std::to_string(server_->port())},
                             {"public_url", public_url_},
                             {"store", config_.store.path.string()},
                             {"targets", std::to_string(config_.targets.size())}});
}

bridge_app::~bridge_app()
{
    // The vendor connectors keep idle connections whose sockets belong to
    // the server's io_context: they must go (with the router that owns the
    // targets) while that io_context still exists.
    router_.reset();
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

void bridge_app::refresh_pauses()
{
    const auto paused = stores_.pauses->paused();
    for (const auto& [name, pause] : pauses_) {
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
