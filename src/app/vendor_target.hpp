#pragma once
// A vendor target assembled from its configuration: the mapping file loaded
// (paths checked against the schemas), parameters and secrets bound, and a
// mapped_backend talking to the vendor through a connector.

#include "bridge/job_tracker.hpp"
#include "bridge/mapped_backend.hpp"
#include "bridge/outbox_courier.hpp"
#include "bridge/resource_lock_table.hpp"
#include "config/server_config.hpp"
#include "scim/schema.hpp"
#include "store/store_set.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace app {

// Loads settings.mapping; throws std::runtime_error naming the target and
// listing every problem (file:line:column) when it is rejected, or every
// deployment constant its parameters cannot render (mapping/deployment_constants.hpp).
bridge::mapped_target load_mapped_target(const config::target_config& settings,
                                        std::shared_ptr<const scim::schema_registry> schemas);
// The same from the file's text already read (a reload hashes what it loads).
bridge::mapped_target load_mapped_target(const config::target_config& settings,
                                        std::shared_ptr<const scim::schema_registry> schemas,
                                        const std::string& text);
// settings.mapping's text; throws std::runtime_error naming the target when unreadable.
std::string read_mapping_text(const config::target_config& settings);

// The production transport of a loaded target: its connector (auth, limits,
// retries), every call audited in `stores`. Throws std::runtime_error when
// the connection cannot be compiled (a missing secret, a bad base URL).
// Store work runs on `stores.executor` (the store's threads in a server,
// inline for command-line verbs).
bridge::vendor_sender make_vendor_sender(const bridge::mapped_target& target, const store::store_set& stores);

// The backend of a loaded target over `send` (correlation, intents and jobs
// in `stores`). `on_job_final` hears of every asynchronous job that
// completes or fails.
std::shared_ptr<bridge::mapped_backend> make_vendor_backend(bridge::mapped_target target, bridge::vendor_sender send,
                                                            const store::store_set& stores,
                                                            bridge::job_listener on_job_final = {});

// The production backend of a vendor target: the three steps above.
std::shared_ptr<bridge::mapped_backend> make_vendor_backend(const config::target_config& settings,
                                                            std::shared_ptr<const scim::schema_registry> schemas,
                                                            const store::store_set& stores,
                                                            bridge::job_listener on_job_final = {});

// What serves the target's writes: the mapped backend itself, or, with
// `delivery: deferred`, that backend behind a deferring_backend whose
// courier delivers the outbox on `locks` (the target's lock table, shared
// with its resource_service).
std::shared_ptr<bridge::vendor_backend> with_delivery_mode(const config::target_config& settings,
                                                           std::shared_ptr<bridge::mapped_backend> backend,
                                                           const store::store_set& stores,
                                                           std::shared_ptr<bridge::resource_lock_table> locks,
                                                           bridge::delivery_listener on_delivery = {});

} // namespace app
