#pragma once
// What one inbound request hands down to every step of its work: its id
// (logs, vendor audit), the one deadline that bounds all of it (lock wait,
// store, vendor attempts, the wait for asynchronous vendor jobs), and
// whether the identity provider is still there to hear the answer.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace bridge {

using steady_clock = std::chrono::steady_clock;

// Where the pipeline reads the time for deadlines: steady_clock::now in
// production; tests inject a clock they move by hand, so that a deadline
// fires without the test sleeping.
using clock_source = std::function<steady_clock::time_point()>;

struct request_scope {
    std::string request_id;
    steady_clock::time_point deadline = steady_clock::time_point::max();
    // Set by the server when the caller disconnects; read by the steps that
    // have not started yet (a lock wait, a vendor sequence), which then give
    // up. Null: never abandoned.
    std::shared_ptr<const std::atomic<bool>> abandon;

    bool expired(steady_clock::time_point now = steady_clock::now()) const { return now >= deadline; }
    bool abandoned() const { return abandon && abandon->load(std::memory_order_acquire); }

    // A scope without a deadline (command-line verbs, background work).
    static request_scope unbounded(std::string id) { return {std::move(id), steady_clock::time_point::max(), nullptr}; }
};

} // namespace bridge
