#pragma once
// The targets of one configuration, built beside those serving (at start:
// none). What a target keeps from the generation before it:
// - its lock table, always: a write in flight on the old pipeline and a new
//   write to the same resource queue on the same lock;
// - its pause switch (an admin's `scim-bridge pause`);
// - its whole pipeline (vendor connector with its login and pooled
//   connections, job tracker) when nothing it was built from changed: the
//   mapping file's text, the parameters, the secret references, the page
//   limits. Tokens and `paused:` belong to the API's view of the target and
//   change without rebuilding it.
// Nothing is started or stopped here: the caller starts `fresh` backends
// once the generation is installed and stops `retired` ones after.

#include "app/serving_generation.hpp"
#include "bridge/job_tracker.hpp"
#include "bridge/outbox_courier.hpp"
#include "bridge/vendor_backend.hpp"
#include "config/server_config.hpp"
#include "scim/schema.hpp"
#include "store/store_set.hpp"

#include <memory>
#include <string>
#include <vector>

namespace app {

struct target_assembly_inputs {
    std::shared_ptr<const scim::schema_registry> schemas;
    const store::store_set* stores = nullptr;
    std::string public_url;  // with the bound port
    bridge::job_listener on_job_final;
    bridge::delivery_listener on_delivery;  // deferred delivery's events (for the log)
};

struct assembled_targets {
    api::target_map targets;
    std::map<std::string, std::string, std::less<>> mapping_hashes;
    std::vector<std::shared_ptr<bridge::vendor_backend>> fresh;    // to start
    std::vector<std::shared_ptr<bridge::vendor_backend>> retired;  // replaced or removed: to stop
    std::vector<std::string> changes;  // "target acme: mapping reloaded", … (empty at start)
};

// Throws std::runtime_error listing every target that cannot be built (each
// mapping problem as file:line:column); nothing of it is then in use.
assembled_targets assemble_targets(const config::server_config& config, const target_assembly_inputs& inputs,
                                   const serving_generation* previous);

} // namespace app
