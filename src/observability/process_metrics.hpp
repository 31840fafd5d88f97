#pragma once
// The metrics of this process: one registry, as Prometheus' own clients
// keep, so that the transport, the connector and the store record into it
// without a pointer threaded through every constructor. Tests that read a
// value compare it before and after what they do.

#include "observability/bridge_metrics.hpp"
#include "observability/metric_registry.hpp"

namespace observability {

metric_registry& process_registry();
bridge_metrics& process_metrics();

} // namespace observability
