#pragma once
// Everything the bridge keeps, behind the store's interfaces, and the
// executor their units of work run on. One engine implements all of them
// (store/sqlite/ today); nothing above this folder sees the engine.

#include "store/audit_store.hpp"
#include "store/correlation_store.hpp"
#include "store/intent_store.hpp"
#include "store/job_store.hpp"
#include "store/kept_value_store.hpp"
#include "store/outbox_store.hpp"
#include "store/pause_store.hpp"
#include "store/resource_store.hpp"
#include "store/store_executor.hpp"

#include <functional>
#include <memory>

namespace store {

struct store_set {
    std::shared_ptr<resource_store> resources;
    std::shared_ptr<correlation_store> correlations;
    std::shared_ptr<intent_store> intents;
    std::shared_ptr<job_store> jobs;
    std::shared_ptr<pause_store> pauses;
    std::shared_ptr<audit_store> audit;
    std::shared_ptr<kept_value_store> kept_values;
    std::shared_ptr<outbox_store> outbox;
    std::shared_ptr<store_executor> executor;
    // Finishes the executor's queued work and closes the engine's
    // connections; at shutdown, when nothing submits any more.
    std::function<void()> close;
};

} // namespace store
