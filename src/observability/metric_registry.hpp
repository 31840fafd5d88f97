#pragma once
// The metrics of one process and their text for /metrics. Families are
// registered at start-up (registration takes a lock; recording never does).
// Values that are cheaper to read when scraped than to keep up to date (a
// count in the store, the open connections) are collectors: callbacks run
// at scrape time, on the admin listener's thread.

#include "observability/metric_cells.hpp"
#include "observability/metric_family.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace observability {

// One sample of a collector: label values (in the family's label order) and the value.
struct sample {
    std::vector<std::string> labels;
    double value = 0;
};

class metric_registry {
public:
    metric_family<counter>& add_counter(std::string name, std::string help, std::vector<std::string> labels = {});
    metric_family<gauge>& add_gauge(std::string name, std::string help, std::vector<std::string> labels = {});
    metric_family<histogram>& add_histogram(std::string name, std::string help, std::vector<std::string> labels,
                                            std::span<const double> bounds = latency_buckets());
    // `type` is counter or gauge. A collector that throws is left out of
    // that scrape (and named in scim_bridge_metrics_collector_failures_total).
    // Returns an id for remove_collector() (the owner of what it reads goes
    // before the registry does).
    std::uint64_t add_collector(std::string name, std::string help, metric_type type,
                                std::vector<std::string> labels, std::function<std::vector<sample>()> collect);
    void remove_collector(std::uint64_t id);

    // The exposition text of every family, in registration order.
    std::string text() const;

private:
    struct collector {
        std::uint64_t id = 0;
        family_info info;
        std::function<std::vector<sample>()> collect;
    };
    using entry = std::variant<std::unique_ptr<metric_family<counter>>, std::unique_ptr<metric_family<gauge>>,
                               std::unique_ptr<metric_family<histogram>>, std::unique_ptr<collector>>;

    template <typename Cell>
    metric_family<Cell>& add_family(family_info info, std::function<std::unique_ptr<Cell>()> make);

    mutable std::mutex mutex_;  // registration and scrapes; never the request path
    std::vector<entry> entries_;
    mutable counter collector_failures_;
    std::uint64_t next_collector_id_ = 1;
};

} // namespace observability
