#include "observability/metric_registry.hpp"

#include "observability/prometheus_text.hpp"

namespace observability {

namespace {

void write_family(std::string& out, const metric_family<counter>& family)
{
    write_family_header(out, family.info());
    family.for_each([&](const std::vector<std::string>& labels, const counter& cell) {
        write_sample(out, family.info().name, family.info().label_names, labels, static_cast<double>(cell.value()));
    });
}

void write_family(std::string& out, const metric_family<gauge>& family)
{
    write_family_header(out, family.info());
    family.for_each([&](const std::vector<std::string>& labels, const gauge& cell) {
        write_sample(out, family.info().name, family.info().label_names, labels, static_cast<double>(cell.value()));
    });
}

void write_family(std::string& out, const metric_family<histogram>& family)
{
    const auto& info = family.info();
    write_family_header(out, info);
    const std::string bucket = info.name + "_bucket", sum = info.name + "_sum", count = info.name + "_count";
    family.for_each([&](const std::vector<std::string>& labels, const histogram& cell) {
        const auto bounds = cell.upper_bounds();
        // Read each bucket once, so that _count equals the +Inf bucket.
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            cumulative += cell.bucket(i);
            write_sample(out, bucket, info.label_names, labels, static_cast<double>(cumulative), "le",
                         format_number(bounds[i]));
        }
        cumulative += cell.bucket(bounds.size());
        write_sample(out, bucket, info.label_names, labels, static_cast<double>(cumulative), "le", "+Inf");
        write_sample(out, sum, info.label_names, labels, cell.sum_seconds());
        write_sample(out, count, info.label_names, labels, static_cast<double>(cumulative));
    });
}

} // namespace

template <typename Cell>
metric_family<Cell>& metric_registry::add_family(family_info info, std::function<std::unique_ptr<Cell>()> make)
{
    auto family = std::make_unique<metric_family<Cell>>(std::move(info), std::move(make));
    auto& result = *family;
    const std::lock_guard lock(mutex_);
    entries_.emplace_back(std::move(family));
    return result;
}

metric_family<counter>& metric_registry::add_counter(std::string name, std::string help,
                                                     std::vector<std::string> labels)
{
    return add_family<counter>({std::move(name), std::move(help), metric_type::counter, std::move(labels)},
                               [] { return std::make_unique<counter>(); });
}

metric_family<gauge>& metric_registry::add_gauge(std::string name, std::string help, std::vector<std::string> labels)
{
    return add_family<gauge>({std::move(name), std::move(help), metric_type::gauge, std::move(labels)},
                             [] { return std::make_unique<gauge>(); });
}

metric_family<histogram>& metric_registry::add_histogram(std::string name, std::string help,
                                                         std::vector<std::string> labels,
                                                         std::span<const double> bounds)
{
    return add_family<histogram>({std::move(name), std::move(help), metric_type::histogram, std::move(labels)},
                                 [bounds] { return std::make_unique<histogram>(bounds); });
}

std::uint64_t metric_registry::add_collector(std::string name, std::string help, metric_type type,
                                             std::vector<std::string> labels,
                                             std::function<std::vector<sample>()> collect)
{
    const std::lock_guard lock(mutex_);
    const std::uint64_t id = next_collector_id_++;
    entries_.emplace_back(std::make_unique<collector>(
        collector{id, family_info{std::move(name), std::move(help), type, std::move(labels)}, std::move(collect)}));
    return id;
}

void metric_registry::remove_collector(std::uint64_t id)
{
    const std::lock_guard lock(mutex_);
    std::erase_if(entries_, [id](const entry& e) {
        const auto* c = std::get_if<std::unique_ptr<collector>>(&e);
        return c != nullptr && (*c)->id == id;
    });
}

std::string metric_registry::text() const
{
    std::string out;
    out.reserve(64 * 1024);
    const std::lock_guard lock(mutex_);
    for (const entry& e : entries_) {
        if (const auto* c = std::get_if<std::unique_ptr<collector>>(&e)) {
            std::vector<sample> samples;
            try {
                samples = (*c)->collect();
            } catch (const std::exception&) {
                collector_failures_.add();
                continue;
            }
            write_family_header(out, (*c)->info);
            for (const sample& s : samples)
                write_sample(out, (*c)->info.name, (*c)->info.label_names, s.labels, s.value);
            continue;
        }
        std::visit(
            [&](const auto& family) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(family)>, std::unique_ptr<collector>>)
                    write_family(out, *family);
            },
            e);
    }
    const family_info failures{"scim_bridge_metrics_collector_failures_total",
                               "Scrape-time readings (store counts) that failed and were left out.",
                               metric_type::counter,
                               {}};
    write_family_header(out, failures);
    write_sample(out, failures.name, {}, {}, static_cast<double>(collector_failures_.value()));
    return out;
}

} // namespace observability
