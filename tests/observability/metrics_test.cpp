// Metrics: series found again by their labels, the exposition text exactly
// as Prometheus reads it, counts that stay exact under concurrent updates,
// and label values that cannot grow without bound.

#include "observability/bridge_metrics.hpp"
#include "observability/build_info.hpp"
#include "observability/metric_registry.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace observability;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a counter family keeps one series per label set, in the text format")
{
    metric_registry registry;
    auto& requests = registry.add_counter("demo_requests_total", "Requests.", {"target", "status"});
    requests.with({"alpha", "200"}).add();
    requests.with({"alpha", "200"}).add(2);
    requests.with({"beta", "503"}).add();
    CHECK(&requests.with({"alpha", "200"}) == &requests.with({"alpha", "200"}));
    CHECK(&requests.with({"alpha", "200"}) != &requests.with({"alpha", "201"}));
    const std::string text = registry.text();
    CHECK(contains(text, "# HELP demo_requests_total Requests.\n"
                         "# TYPE demo_requests_total counter\n"
                         "demo_requests_total{target=\"alpha\",status=\"200\"} 3\n"
                         "demo_requests_total{target=\"alpha\",status=\"201\"} 0\n"
                         "demo_requests_total{target=\"beta\",status=\"503\"} 1\n"));
}

TEST_CASE("label values and help are escaped")
{
    metric_registry registry;
    registry.add_gauge("demo_gauge", "Back\\slash\nnewline.", {"v"}).with({"a\"b\\c\nd"}).set(-4);
    const std::string text = registry.text();
    CHECK(contains(text, "# HELP demo_gauge Back\\\\slash\\nnewline.\n"));
    CHECK(contains(text, "demo_gauge{v=\"a\\\"b\\\\c\\nd\"} -4\n"));
}

TEST_CASE("a histogram's buckets are cumulative, with +Inf, sum and count")
{
    metric_registry registry;
    auto& latency = registry.add_histogram("demo_seconds", "Latency.", {"op"});
    auto& cell = latency.with({"get"});
    cell.observe(500us);   // <= 0.001
    cell.observe(1ms);     // <= 0.001 (bounds are inclusive)
    cell.observe(30ms);    // <= 0.05
    cell.observe(120s);    // above 60
    const std::string text = registry.text();
    CHECK(contains(text, "# TYPE demo_seconds histogram\n"));
    CHECK(contains(text, "demo_seconds_bucket{op=\"get\",le=\"0.001\"} 2\n"));
    CHECK(contains(text, "demo_seconds_bucket{op=\"get\",le=\"0.025\"} 2\n"));
    CHECK(contains(text, "demo_seconds_bucket{op=\"get\",le=\"0.05\"} 3\n"));
    CHECK(contains(text, "demo_seconds_bucket{op=\"get\",le=\"60\"} 3\n"));
    CHECK(contains(text, "demo_seconds_bucket{op=\"get\",le=\"+Inf\"} 4\n"));
    CHECK(contains(text, "demo_seconds_sum{op=\"get\"} 120.0315\n"));
    CHECK(contains(text, "demo_seconds_count{op=\"get\"} 4\n"));
    CHECK(latency_buckets().front() == 0.001);
    CHECK(latency_buckets().back() == 60);
}

TEST_CASE("concurrent updates are all counted")
{
    metric_registry registry;
    auto& family = registry.add_counter("demo_total", "Demo.", {"worker"});
    auto& shared = registry.add_histogram("demo_shared_seconds", "Demo.", {});
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 100'000; ++i) {
                // Every thread creates and finds series at once.
                family.with({std::to_string(i % 50)}).add();
                family.with({t % 2 ? "odd" : "even"}).add();
                shared.with({}).observe(2ms);
            }
        });
    threads.clear();
    std::uint64_t total = 0;
    family.for_each([&](const std::vector<std::string>&, const counter& c) { total += c.value(); });
    CHECK(total == 800'000);
    CHECK(family.with({"odd"}).value() == 200'000);
    CHECK(family.with({"7"}).value() == 8'000);
    CHECK(contains(registry.text(), "demo_shared_seconds_count 400000\n"));
}

TEST_CASE("past the series bound, new label sets count as other")
{
    metric_registry registry;
    auto& family = registry.add_counter("demo_total", "Demo.", {"status"});
    for (std::size_t i = 0; i < metric_family<counter>::max_series + 10; ++i)
        family.with({std::to_string(i)}).add();
    CHECK(family.with({"other-new"}).value() == 10);
    CHECK(&family.with({"0"}) != &family.with({"another-new"}));
    CHECK(contains(registry.text(), "demo_total{status=\"other\"} 10\n"));
}

TEST_CASE("collectors are read at scrape time, one that throws is left out")
{
    metric_registry registry;
    int open = 3;
    const auto id = registry.add_collector("demo_open", "Open.", metric_type::gauge, {},
                                           [&] { return std::vector<sample>{{{}, 1.0 * open}}; });
    registry.add_collector("demo_broken", "Broken.", metric_type::gauge, {},
                           []() -> std::vector<sample> { throw std::runtime_error("store closed"); });
    CHECK(contains(registry.text(), "demo_open 3\n"));
    open = 5;
    const std::string text = registry.text();
    CHECK(contains(text, "demo_open 5\n"));
    CHECK(!contains(text, "demo_broken"));
    CHECK(contains(text, "scim_bridge_metrics_collector_failures_total 2\n"));
    registry.remove_collector(id);
    CHECK(!contains(registry.text(), "demo_open"));
}

TEST_CASE("the bridge's metrics: requests by resource type, vendor outcomes, build info")
{
    metric_registry registry;
    bridge_metrics metrics(registry);
    metrics.scim_request("alpha", "/scim/v2/alpha/Users/42?attributes=userName", "GET", 200, 3ms);
    metrics.scim_request("alpha", "/scim/v2/alpha/Users/.search", "POST", 200, 3ms);
    metrics.scim_request("", "/scim/v2/nosuch/Users", "GET", 404, 1ms);
    metrics.scim_request("alpha", "/scim/v2/alpha/Whatever", "BREW", 404, 1ms);
    metrics.vendor_attempt("acme", vendor_operation_of("POST"), 201, 40ms, 1);
    metrics.vendor_attempt("acme", vendor_operation_of("PATCH"), 503, 40ms, 1);
    metrics.vendor_attempt("acme", vendor_operation_of("PATCH"), 0, 40ms, 2);
    metrics.vendor_login("acme", true);
    metrics.vendor_rate_limit_wait("acme", 250ms);
    metrics.config_loaded("abc", std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
    metrics.config_loaded("def", std::chrono::system_clock::time_point(std::chrono::seconds(1700000100)));
    const std::string text = registry.text();
    CHECK(contains(text, "scim_bridge_scim_requests_total{target=\"alpha\",resource_type=\"Users\",method=\"GET\",status=\"200\"} 1\n"));
    CHECK(contains(text, "scim_bridge_scim_requests_total{target=\"alpha\",resource_type=\"Users\",method=\"POST\",status=\"200\"} 1\n"));
    CHECK(contains(text, "scim_bridge_scim_requests_total{target=\"none\",resource_type=\"Users\",method=\"GET\",status=\"404\"} 1\n"));
    CHECK(contains(text, "scim_bridge_scim_requests_total{target=\"alpha\",resource_type=\"other\",method=\"other\",status=\"404\"} 1\n"));
    CHECK(contains(text, "scim_bridge_scim_request_duration_seconds_count{target=\"alpha\",resource_type=\"Users\",method=\"GET\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_calls_total{target=\"acme\",operation=\"create\",outcome=\"ok\",status=\"201\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_calls_total{target=\"acme\",operation=\"update\",outcome=\"vendor_error\",status=\"503\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_calls_total{target=\"acme\",operation=\"update\",outcome=\"transport_error\",status=\"0\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_retries_total{target=\"acme\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_logins_total{target=\"acme\",outcome=\"ok\"} 1\n"));
    CHECK(contains(text, "scim_bridge_vendor_rate_limit_wait_seconds_sum{target=\"acme\"} 0.25\n"));
    CHECK(contains(text, "scim_bridge_config_info{hash=\"abc\"} 0\n"));
    CHECK(contains(text, "scim_bridge_config_info{hash=\"def\"} 1\n"));
    CHECK(contains(text, "scim_bridge_config_load_timestamp_seconds 1700000100\n"));
    CHECK(contains(text, "scim_bridge_build_info{version=\"" + std::string(build_version()) + "\",commit=\"" +
                             std::string(build_commit()) + "\"} 1\n"));
}

TEST_CASE("resource types and vendor outcomes come from fixed sets")
{
    CHECK(resource_type_of("/scim/v2/t/Groups") == "Groups");
    CHECK(resource_type_of("/scim/v2/t/ServiceProviderConfig") == "ServiceProviderConfig");
    CHECK(resource_type_of("/scim/v2/t/Schemas/urn:x") == "Schemas");
    CHECK(resource_type_of("/scim/v2/t") == "other");
    CHECK(resource_type_of("/scim/v2/t/%2e%2e/secret") == "other");
    CHECK(resource_type_of("/readyz") == "probe");
    CHECK(resource_type_of("/favicon.ico") == "other");
    CHECK(vendor_outcome_of(204) == "ok");
    CHECK(vendor_outcome_of(404) == "rejected");
    CHECK(vendor_outcome_of(429) == "rate_limited");
    CHECK(vendor_outcome_of(502) == "vendor_error");
    CHECK(vendor_outcome_of(0) == "transport_error");
    CHECK(vendor_operation_of("DELETE") == "delete");
}
