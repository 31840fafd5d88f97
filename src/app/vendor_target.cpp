#include "app/vendor_target.hpp"

#include "app/metered_audit.hpp"

#include "bridge/connector_sender.hpp"
#include "bridge/deferring_backend.hpp"
#include "bridge/job_tracker.hpp"
#include "bridge/secret_resolution.hpp"
#include "bridge/vendor_audit.hpp"
#include "mapping/connection_compile.hpp"
#include "mapping/deployment_constants.hpp"
#include "mapping/mapping_loader.hpp"
#include "app/mapping_with_extensions.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace app {

std::string read_mapping_text(const config::target_config& settings)
{
    if (!settings.mapping)
        throw std::logic_error("target " + settings.name + " has no mapping");
    std::ifstream in(*settings.mapping, std::ios::binary);
    if (!in)
        throw std::runtime_error("target " + settings.name + ": cannot read the mapping file " +
                                 settings.mapping->string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bridge::mapped_target load_mapped_target(const config::target_config& settings,
                                        std::shared_ptr<const scim::schema_registry> schemas)
{
    return load_mapped_target(settings, std::move(schemas), read_mapping_text(settings));
}

bridge::mapped_target load_mapped_target(const config::target_config& settings,
                                        std::shared_ptr<const scim::schema_registry> schemas,
                                        const std::string& text)
{
    if (!settings.mapping)
        throw std::logic_error("target " + settings.name + " has no mapping");
    mapping::load_options options;
    for (const auto& [name, value] : settings.parameters)
        options.parameters.push_back(name);
    for (const auto& [name, reference] : settings.secrets)
        options.secrets.push_back(name);
    auto with_schemas = load_mapping_with_extensions(text, settings.mapping->string(), options, schemas);
    auto& loaded = with_schemas.result;
    if (!loaded.mapping) {
        std::string message = "target " + settings.name + ": the mapping file is rejected:";
        for (const auto& error : loaded.errors)
            message += "\n  " + error.to_string();
        throw std::runtime_error(message);
    }
    bridge::mapped_target target;
    target.name = settings.name;
    target.mapping = loaded.mapping;
    if (with_schemas.schemas != schemas)
        target.schemas = with_schemas.schemas;
    target.parameters = mapping::parameter_map(settings.parameters.begin(), settings.parameters.end());
    if (auto problems = mapping::check_deployment_constants(*loaded.mapping, target.parameters); !problems.empty()) {
        std::string message = "target " + settings.name + ": the deployment parameters do not fit the mapping file:";
        for (const auto& problem : problems)
            message += "\n  " + problem;
        throw std::runtime_error(message);
    }
    target.secrets = bridge::make_secret_resolver(settings.secrets, loaded.mapping->secrets);
    return target;
}

bridge::vendor_sender make_vendor_sender(const bridge::mapped_target& target, const store::store_set& stores)
{
    auto compiled = mapping::compile_connection(*target.mapping, target.parameters, target.secrets);
    if (auto* problem = std::get_if<std::string>(&compiled))
        throw std::runtime_error("target " + target.name + ": " + *problem);
    auto audit = std::make_shared<bridge::vendor_audit>(target.name, stores.audit, stores.executor);
    auto client = std::make_shared<connector::vendor_connector>(
        std::get<connector::connection_config>(std::move(compiled)), with_metrics(target.name, audit));
    return bridge::connector_sender(std::move(client));
}

std::shared_ptr<bridge::mapped_backend> make_vendor_backend(bridge::mapped_target target, bridge::vendor_sender send,
                                                            const store::store_set& stores,
                                                            bridge::job_listener on_job_final)
{
    std::shared_ptr<bridge::job_tracker> jobs;
    if (target.mapping->async)
        jobs = std::make_shared<bridge::job_tracker>(target, send, stores.jobs, std::move(on_job_final),
                                                     stores.executor);
    return std::make_shared<bridge::mapped_backend>(std::move(target), std::move(send),
                                                    stores.correlations, stores.intents,
                                                    bridge::mapped_backend_options{false, "{vendor_id}", stores.executor,
                                                                                  stores.kept_values},
                                                    std::move(jobs));
}

std::shared_ptr<bridge::mapped_backend> make_vendor_backend(const config::target_config& settings,
                                                            std::shared_ptr<const scim::schema_registry> schemas,
                                                            const store::store_set& stores,
                                                            bridge::job_listener on_job_final)
{
    auto target = load_mapped_target(settings, schemas);
    auto send = make_vendor_sender(target, stores);
    return make_vendor_backend(std::move(target), std::move(send), stores, std::move(on_job_final));
}

std::shared_ptr<bridge::vendor_backend> with_delivery_mode(const config::target_config& settings,
                                                           std::shared_ptr<bridge::mapped_backend> backend,
                                                           const store::store_set& stores,
                                                           std::shared_ptr<bridge::resource_lock_table> locks,
                                                           bridge::delivery_listener on_delivery)
{
    if (!settings.deferred_delivery)
        return backend;
    const bridge::outbox_stores outbox{stores.outbox, stores.resources, stores.jobs, stores.executor};
    auto courier = std::make_shared<bridge::outbox_courier>(settings.name, backend, outbox, std::move(locks),
                                                            bridge::courier_settings{}, std::move(on_delivery));
    return std::make_shared<bridge::deferring_backend>(std::move(backend), std::move(courier), outbox);
}

} // namespace app
