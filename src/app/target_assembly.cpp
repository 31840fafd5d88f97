#include "app/target_assembly.hpp"

#include "app/vendor_target.hpp"
#include "bridge/advertised_attributes.hpp"
#include "bridge/resource_service.hpp"
#include "config/token_hash.hpp"

#include <algorithm>
#include <stdexcept>

namespace app {

namespace {

bridge::list_limits list_limits_of(const config::limits_config& limits)
{
    return {static_cast<std::int64_t>(limits.default_page_size), static_cast<std::int64_t>(limits.max_page_size),
            static_cast<std::int64_t>(limits.max_filter_results)};
}

// The defaults of scim::patch_limits, but for the two the configuration sets.
scim::patch_limits patch_limits_of(const config::limits_config& limits)
{
    scim::patch_limits patch;
    patch.max_operations = limits.max_patch_operations;
    patch.max_member_values = limits.max_member_changes;
    return patch;
}

bool same_secrets(const std::map<std::string, config::secret_reference>& a,
                  const std::map<std::string, config::secret_reference>& b)
{
    if (a.size() != b.size())
        return false;
    for (auto left = a.begin(), right = b.begin(); left != a.end(); ++left, ++right)
        if (left->first != right->first || left->second.source != right->second.source ||
            left->second.env_variable != right->second.env_variable || left->second.file != right->second.file)
            return false;
    return true;
}

bool same_limits(const bridge::list_limits& a, const bridge::list_limits& b)
{
    return a.default_page_size == b.default_page_size && a.max_page_size == b.max_page_size &&
           a.max_filter_results == b.max_filter_results;
}

// Whether the pipeline `old` was built from exactly what `settings` and
// `mapping_hash` describe now.
bool pipeline_unchanged(const api::target& old, const std::string& old_hash, const config::target_config& settings,
                        const std::string& mapping_hash, const bridge::list_limits& limits,
                        const scim::patch_limits& patch)
{
    const scim::patch_limits& old_patch = old.service->context().patch_limits;
    return old.settings.mapping == settings.mapping && old_hash == mapping_hash &&
           old.settings.parameters == settings.parameters && same_secrets(old.settings.secrets, settings.secrets) &&
           old.settings.deferred_delivery == settings.deferred_delivery &&
           same_limits(old.service->context().limits, limits) && old_patch.max_operations == patch.max_operations &&
           old_patch.max_member_values == patch.max_member_values;
}

} // namespace

assembled_targets assemble_targets(const config::server_config& config, const target_assembly_inputs& inputs,
                                   const serving_generation* previous)
{
    assembled_targets result;
    std::vector<std::string> problems;
    const auto limits = list_limits_of(config.limits);
    const auto patch_limits = patch_limits_of(config.limits);
    for (const auto& settings : config.targets) {
        try {
            std::shared_ptr<const api::target> old;
            std::string old_hash;
            if (previous) {
                if (const auto found = previous->targets.find(settings.name); found != previous->targets.end())
                    old = found->second;
                if (const auto found = previous->mapping_hashes.find(settings.name);
                    found != previous->mapping_hashes.end())
                    old_hash = found->second;
            }
            std::string text;
            std::string hash;
            if (settings.mapping) {
                text = read_mapping_text(settings);
                hash = config::hash_token(text);
                result.mapping_hashes.emplace(settings.name, hash);
            }

            auto target = std::make_shared<api::target>();
            target->settings = settings;
            target->bulk.max_operations = static_cast<std::int64_t>(config.limits.bulk_max_operations);
            // The loader keeps the bulk limit within the file's body limit;
            // after a reload the listener may still run with a smaller one
            // (it needs a restart), and a larger bulk could not be read.
            target->bulk.max_payload_bytes = static_cast<std::int64_t>(
                std::min(config.limits.bulk_max_payload_bytes, config.limits.max_body_bytes));
            if (old && pipeline_unchanged(*old, old_hash, settings, hash, limits, patch_limits)) {
                target->service = old->service;
                target->advertised = old->advertised;
            } else {
                std::shared_ptr<bridge::vendor_backend> backend;
                auto target_schemas = inputs.schemas;
                // Kept across reloads: writes in flight on the old pipeline
                // and new ones (and deliveries) queue on the same locks.
                auto locks = old ? old->service->shared_locks() : std::make_shared<bridge::resource_lock_table>();
                if (settings.mapping) {
                    auto loaded = load_mapped_target(settings, inputs.schemas, text);
                    auto send = make_vendor_sender(loaded, *inputs.stores);
                    auto mapped = make_vendor_backend(std::move(loaded), std::move(send), *inputs.stores,
                                                      inputs.on_job_final);
                    if (mapped->target().schemas)
                        target_schemas = mapped->target().schemas;
                    target->advertised = bridge::advertised_attributes(*mapped->target().mapping, *target_schemas);
                    backend = with_delivery_mode(settings, std::move(mapped), *inputs.stores, locks,
                                                 inputs.on_delivery);
                    result.fresh.push_back(backend);
                }
                bridge::target_context context{settings.name,
                                               inputs.public_url + std::string(api::scim_prefix) + settings.name,
                                               target_schemas,
                                               inputs.stores->resources,
                                               std::move(backend),
                                               limits,
                                               inputs.stores->executor};
                context.locks = std::move(locks);
                context.patch_limits = patch_limits;
                if (old) {
                    if (old->service->context().backend)
                        result.retired.push_back(old->service->context().backend);
                    result.changes.push_back("target " + settings.name + ": pipeline rebuilt (" +
                                             (settings.mapping
                                                  ? "mapping, parameters, secrets, delivery, page or PATCH limits"
                                                  : "page or PATCH limits") +
                                             " changed)");
                }
                target->service = std::make_shared<bridge::resource_service>(std::move(context));
            }
            if (old) {
                target->pause = old->pause;
                if (old->settings.token_hashes != settings.token_hashes)
                    result.changes.push_back("target " + settings.name + ": tokens changed");
                if (old->settings.paused != settings.paused)
                    result.changes.push_back("target " + settings.name + ": paused " +
                                             (settings.paused ? "true" : "false"));
            } else if (previous) {
                result.changes.push_back("target " + settings.name + ": added");
            }
            result.targets.emplace(settings.name, std::move(target));
        } catch (const std::exception& e) {
            problems.emplace_back(e.what());
        }
    }
    if (previous)
        for (const auto& [name, old] : previous->targets)
            if (!result.targets.contains(name)) {
                if (old->service->context().backend)
                    result.retired.push_back(old->service->context().backend);
                result.changes.push_back("target " + name + ": removed");
            }
    if (!problems.empty()) {
        std::string message = problems.front();
        for (std::size_t i = 1; i < problems.size(); ++i)
            message += "\n" + problems[i];
        throw std::runtime_error(message);
    }
    return result;
}

} // namespace app
