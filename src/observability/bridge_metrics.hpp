#pragma once
// The bridge's own metrics (names scim_bridge_*), registered once per
// process, and the few calls the request path, the connector and the
// store make to record them. Every call is a lock-free series lookup and
// relaxed atomic adds.

#include "observability/activity_history.hpp"
#include "observability/metric_registry.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace observability {

// The SCIM resource type of a request path, from a small fixed set (Users,
// Groups, Schemas, ResourceTypes, ServiceProviderConfig, Bulk, other), so
// that no path segment a client sends becomes a label value.
std::string_view resource_type_of(std::string_view path);

// The vendor call's operation as its HTTP method tells it (POST create,
// PUT/PATCH update, DELETE delete, GET read).
std::string_view vendor_operation_of(std::string_view method);

// ok (2xx/3xx), rejected (4xx but 429), rate_limited (429),
// vendor_error (5xx), transport_error (no response).
std::string_view vendor_outcome_of(unsigned status);

class bridge_metrics {
public:
    explicit bridge_metrics(metric_registry& registry);

    metric_registry& registry() noexcept { return registry_; }

    // One answered SCIM (or probe) request. `target` empty: none (a probe,
    // an unknown target).
    void scim_request(std::string_view target, std::string_view path, std::string_view method, unsigned status,
                      std::chrono::nanoseconds latency);
    // The connections a listener ("scim", "admin") holds open.
    gauge& open_connections(std::string_view listener);
    // A request refused by a limit: "connections" (503), "body" (413), "header" (431).
    void limit_refusal(std::string_view limit);
    // A failed accept() on a listener; `reason` from accept_backoff::reason_of.
    void accept_failure(std::string_view listener, std::string_view reason);

    // One attempt to reach a vendor; `operation` from vendor_operation_of()
    // or "login"; `attempt` > 1 is a retry.
    void vendor_attempt(std::string_view target, std::string_view operation, unsigned status,
                        std::chrono::nanoseconds latency, unsigned attempt);
    void vendor_login(std::string_view target, bool ok);
    void vendor_rate_limit_wait(std::string_view target, std::chrono::nanoseconds waited);

    // Deferred delivery: a change kept back, delivered or refused by the
    // vendor at delivery (`event`), and the entries waiting per target.
    void outbox_event(std::string_view target, std::string_view event);
    gauge& outbox_pending(std::string_view target);

    // A store transaction (kind: read, write), from the store's executor.
    void store_transaction(std::string_view kind, std::chrono::nanoseconds duration);

    // Every target's totals so far (SCIM requests, vendor calls), for the
    // status page's history.
    activity_by_target activity_totals_now() const;

    // The configuration in force: its hash and when it was loaded.
    void config_loaded(std::string_view hash, std::chrono::system_clock::time_point when);
    // A reload's outcome: "applied" or "refused".
    void config_reload(std::string_view outcome);

private:
    metric_registry& registry_;
    metric_family<counter>& scim_requests_;
    metric_family<histogram>& scim_latency_;
    metric_family<counter>& limit_refusals_;
    metric_family<counter>& accept_failures_;
    metric_family<gauge>& open_connections_;
    metric_family<counter>& vendor_calls_;
    metric_family<histogram>& vendor_latency_;
    metric_family<counter>& vendor_retries_;
    metric_family<counter>& vendor_logins_;
    metric_family<histogram>& rate_limit_waits_;
    metric_family<histogram>& store_latency_;
    metric_family<counter>& outbox_events_;
    metric_family<gauge>& outbox_pending_;
    metric_family<gauge>& config_info_;
    metric_family<gauge>& config_loaded_at_;
    metric_family<counter>& config_reloads_;
    std::mutex config_mutex_;
    std::string config_hash_;  // the hash whose series is 1
};

} // namespace observability
