#include "observability/process_metrics.hpp"

namespace observability {

metric_registry& process_registry()
{
    static metric_registry registry;
    return registry;
}

bridge_metrics& process_metrics()
{
    static bridge_metrics metrics(process_registry());
    return metrics;
}

} // namespace observability
