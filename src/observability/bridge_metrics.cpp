#include "observability/bridge_metrics.hpp"

#include "observability/build_info.hpp"

#include <array>
#include <charconv>
#include <string>

namespace observability {

namespace {

constexpr std::string_view scim_prefix = "/scim/v2/";

// Status codes as label text without an allocation.
struct status_text {
    std::array<char, 8> buffer{};
    std::string_view view;
    explicit status_text(unsigned status)
    {
        const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), status);
        view = error == std::errc() ? std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data()))
                                    : std::string_view("0");
    }
};

std::string_view method_label(std::string_view method)
{
    for (std::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
        if (method == known)
            return known;
    return "other";
}

std::string_view or_none(std::string_view target)
{
    return target.empty() ? std::string_view("none") : target;
}

} // namespace

std::string_view resource_type_of(std::string_view path)
{
    path = path.substr(0, path.find('?'));
    if (!path.starts_with(scim_prefix))
        return path == "/healthz" || path == "/readyz" ? std::string_view("probe") : std::string_view("other");
    path.remove_prefix(scim_prefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos)
        return "other";
    path.remove_prefix(slash + 1);
    const std::string_view segment = path.substr(0, path.find('/'));
    for (std::string_view known : {"Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Bulk"})
        if (segment == known)
            return known;
    return "other";
}

std::string_view vendor_operation_of(std::string_view method)
{
    if (method == "POST")
        return "create";
    if (method == "PUT" || method == "PATCH")
        return "update";
    if (method == "DELETE")
        return "delete";
    if (method == "GET")
        return "read";
    return "other";
}

std::string_view vendor_outcome_of(unsigned status)
{
    if (status == 0)
        return "transport_error";
    if (status == 429)
        return "rate_limited";
    if (status >= 500)
        return "vendor_error";
    if (status >= 400)
        return "rejected";
    return "ok";
}

bridge_metrics::bridge_metrics(metric_registry& registry)
    : registry_(registry),
      scim_requests_(registry.add_counter("scim_bridge_scim_requests_total",
                                          "SCIM requests answered, by target, resource type, method and status.",
                                          {"target", "resource_type", "method", "status"})),
      scim_latency_(registry.add_histogram("scim_bridge_scim_request_duration_seconds",
                                           "Time from a SCIM request's arrival to its answer.",
                                           {"target", "resource_type", "method"})),
      limit_refusals_(registry.add_counter("scim_bridge_limit_refusals_total",
                                           "Requests refused by a limit: connections (503), body (413), header (431).",
                                           {"limit"})),
      accept_failures_(registry.add_counter("scim_bridge_accept_failures_total",
                                            "Failed accept() calls of a listener, by reason: descriptors (EMFILE, "
                                            "ENFILE), memory, aborted (the client left first) or other.",
                                            {"listener", "reason"})),
      open_connections_(registry.add_gauge("scim_bridge_open_connections",
                                           "Connections a listener holds open.", {"listener"})),
      vendor_calls_(registry.add_counter(
          "scim_bridge_vendor_calls_total",
          "Attempts to reach a vendor (retries and logins included), by target, operation, outcome and HTTP status "
          "(0: no response).",
          {"target", "operation", "outcome", "status"})),
      vendor_latency_(registry.add_histogram("scim_bridge_vendor_call_duration_seconds",
                                             "Time of one attempt to reach a vendor.", {"target", "operation"})),
      vendor_retries_(registry.add_counter("scim_bridge_vendor_retries_total",
                                           "Vendor attempts that were retries of an earlier one.", {"target"})),
      vendor_logins_(registry.add_counter("scim_bridge_vendor_logins_total",
                                          "Logins (token fetches) at a vendor, by outcome.", {"target", "outcome"})),
      rate_limit_waits_(registry.add_histogram("scim_bridge_vendor_rate_limit_wait_seconds",
                                               "Waits of vendor calls for the target's rate limit (_count: how many).",
                                               {"target"})),
      store_latency_(registry.add_histogram("scim_bridge_store_transaction_duration_seconds",
                                            "Time of one store transaction (a batch of reads, a group commit).",
                                            {"kind"})),
      outbox_events_(registry.add_counter("scim_bridge_outbox_events_total",
                                          "Deferred delivery: changes kept back while a vendor was unreachable "
                                          "(deferred), later delivered, or refused by the vendor at delivery.",
                                          {"target", "event"})),
      outbox_pending_(registry.add_gauge("scim_bridge_outbox_pending",
                                         "Outbox entries waiting for delivery to a vendor.", {"target"})),
      config_info_(registry.add_gauge("scim_bridge_config_info",
                                      "The configuration in force: 1, with the SHA-256 of its file.", {"hash"})),
      config_loaded_at_(registry.add_gauge("scim_bridge_config_load_timestamp_seconds",
                                           "When the configuration in force was loaded (Unix time).")),
      config_reloads_(registry.add_counter("scim_bridge_config_reload_total",
                                           "Reloads (SIGHUP, scim-bridge reload) by outcome: applied, or refused "
                                           "because a new file was invalid (the old configuration serves on).",
                                           {"outcome"}))
{
    registry.add_gauge("scim_bridge_build_info", "The running binary: 1, with its version and git commit.",
                       {"version", "commit"})
        .with({build_version(), build_commit()})
        .set(1);
}

void bridge_metrics::outbox_event(std::string_view target, std::string_view event)
{
    outbox_events_.with({target, event}).add();
}

gauge& bridge_metrics::outbox_pending(std::string_view target)
{
    return outbox_pending_.with({target});
}

void bridge_metrics::scim_request(std::string_view target, std::string_view path, std::string_view method,
                                  unsigned status, std::chrono::nanoseconds latency)
{
    const std::string_view type = resource_type_of(path);
    const std::string_view verb = method_label(method);
    target = or_none(target);
    scim_requests_.with({target, type, verb, status_text(status).view}).add();
    scim_latency_.with({target, type, verb}).observe(latency);
}

gauge& bridge_metrics::open_connections(std::string_view listener)
{
    return open_connections_.with({listener});
}

void bridge_metrics::accept_failure(std::string_view listener, std::string_view reason)
{
    accept_failures_.with({listener, reason}).add();
}

void bridge_metrics::limit_refusal(std::string_view limit)
{
    limit_refusals_.with({limit}).add();
}

void bridge_metrics::vendor_attempt(std::string_view target, std::string_view operation, unsigned status,
                                    std::chrono::nanoseconds latency, unsigned attempt)
{
    vendor_calls_.with({target, operation, vendor_outcome_of(status), status_text(status).view}).add();
    vendor_latency_.with({target, operation}).observe(latency);
    if (attempt > 1)
        vendor_retries_.with({target}).add();
}

void bridge_metrics::vendor_login(std::string_view target, bool ok)
{
    vendor_logins_.with({target, ok ? std::string_view("ok") : std::string_view("failed")}).add();
}

void bridge_metrics::vendor_rate_limit_wait(std::string_view target, std::chrono::nanoseconds waited)
{
    rate_limit_waits_.with({target}).observe(waited);
}

void bridge_metrics::store_transaction(std::string_view kind, std::chrono::nanoseconds duration)
{
    store_latency_.with({kind}).observe(duration);
}

activity_by_target bridge_metrics::activity_totals_now() const
{
    activity_by_target totals;
    scim_requests_.for_each([&](const std::vector<std::string>& labels, const counter& cell) {
        auto& entry = totals[labels[0]];
        entry.requests += cell.value();
        if (labels[3].starts_with('5'))
            entry.request_errors += cell.value();
    });
    vendor_calls_.for_each([&](const std::vector<std::string>& labels, const counter& cell) {
        auto& entry = totals[labels[0]];
        entry.vendor_calls += cell.value();
        if (labels[2] != "ok")
            entry.vendor_failures += cell.value();
    });
    totals.erase("none");
    totals.erase("other");
    return totals;
}

void bridge_metrics::config_loaded(std::string_view hash, std::chrono::system_clock::time_point when)
{
    // The previous hash's series stays, at 0: a scrape shows the change.
    {
        const std::lock_guard lock(config_mutex_);
        if (!config_hash_.empty() && config_hash_ != hash)
            config_info_.with({config_hash_}).set(0);
        config_hash_ = hash;
    }
    config_info_.with({hash}).set(1);
    config_loaded_at_.with({}).set(
        std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count());
}

void bridge_metrics::config_reload(std::string_view outcome)
{
    config_reloads_.with({outcome}).add();
}

} // namespace observability
