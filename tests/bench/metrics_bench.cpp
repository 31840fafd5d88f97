// What recording a request's metrics costs on the request path: the calls
// http_session and the vendor audit sink make, timed on 1 and 2 threads
// (the bridge's default I/O threads share the series). Prints ns per call;
// compare with the bridge's CPU per request (tests/bench/run.sh, "CPU µs").
//
//   build-ops/tests/bench/metrics_bench [iterations]

#include "observability/process_metrics.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

// The paths and statuses of a realistic mix: reads, writes, one 404 in ten.
void record_requests(long iterations)
{
    auto& metrics = observability::process_metrics();
    static const char* const paths[] = {"/scim/v2/local/Users/7f1c2a9e-0d1b-4a57-9d53-0f2b4b0c9a11",
                                        "/scim/v2/local/Users?filter=userName%20eq%20%22a%40b.c%22",
                                        "/scim/v2/local/Groups/2b1d"};
    static const char* const methods[] = {"GET", "GET", "PATCH"};
    for (long i = 0; i < iterations; ++i) {
        const int k = static_cast<int>(i % 3);
        metrics.scim_request("local", paths[k], methods[k], i % 10 == 0 ? 404 : 200,
                             std::chrono::microseconds(300 + i % 5000));
    }
}

void record_vendor_calls(long iterations)
{
    auto& metrics = observability::process_metrics();
    for (long i = 0; i < iterations; ++i)
        metrics.vendor_attempt("retail-checklists", i % 2 ? "update" : "create", i % 20 == 0 ? 503 : 200,
                               std::chrono::milliseconds(20 + i % 50), 1);
}

double ns_per_call(void (*work)(long), long iterations, unsigned threads)
{
    const auto start = clock_type::now();
    std::vector<std::jthread> running;
    for (unsigned t = 0; t < threads; ++t)
        running.emplace_back([=] { work(iterations); });
    running.clear();
    const auto elapsed = std::chrono::duration<double, std::nano>(clock_type::now() - start).count();
    // Wall time per call on each thread: what one request waits.
    return elapsed / static_cast<double>(iterations);
}

} // namespace

int main(int argc, char** argv)
{
    const long iterations = argc > 1 ? std::atol(argv[1]) : 2'000'000;
    record_requests(1000);  // the series exist, as in a running bridge
    record_vendor_calls(1000);
    std::printf("%-34s %10s %10s\n", "recording", "1 thread", "2 threads");
    std::printf("%-34s %7.1f ns %7.1f ns\n", "SCIM request (counter + histogram)",
                ns_per_call(record_requests, iterations, 1), ns_per_call(record_requests, iterations, 2));
    std::printf("%-34s %7.1f ns %7.1f ns\n", "vendor attempt", ns_per_call(record_vendor_calls, iterations, 1),
                ns_per_call(record_vendor_calls, iterations, 2));
    const auto start = clock_type::now();
    const std::string text = observability::process_registry().text();
    std::printf("scrape: %zu bytes in %.2f ms\n", text.size(),
                std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    return 0;
}
