#pragma once
// The classification of every vendor call, decided here once so that the
// bridge maps classes (not raw statuses or socket errors) to SCIM answers.

#include "connector/vendor_request.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace connector {

enum class outcome_kind {
    ok,                   // 2xx
    rejected,             // 4xx other than 401/404/408/409/429: the vendor refused the input
    not_found,            // 404
    conflict,             // 409
    unauthorized,         // 401 even after a fresh login, or the login itself was refused
    retryable_exhausted,  // 408/429/5xx, timeouts, resets: not (or no longer) retried
    fatal,                // TLS failure, bad URL, malformed response: retrying cannot help
};

std::string_view to_string(outcome_kind kind) noexcept;

// The class of a completed HTTP exchange, judged by its status alone.
outcome_kind classify_status(unsigned status) noexcept;

// A status by which the vendor says it did not process the request (408: it
// never read it whole; 429: rate limited; 503: unavailable): repeating it is
// safe whatever the method. Every other failure after the request was sent
// (500, 502, 504, a timeout, a reset) leaves open whether it was applied.
bool says_not_processed(unsigned status) noexcept;

struct vendor_outcome {
    outcome_kind kind = outcome_kind::ok;
    std::string detail;                      // for logs and SCIM error details: never bodies or secrets
    std::optional<std::chrono::seconds> retry_after;  // the vendor's last Retry-After, for a 503 to the IdP
    // A non-idempotent call that failed after it was sent, in a way that does
    // not say whether the vendor applied it: the connector did not repeat
    // it; the caller may, behind a look-up.
    bool maybe_applied = false;
};

struct vendor_result {
    vendor_outcome outcome;
    std::optional<vendor_response> response; // the last response received, whatever its class
    unsigned attempts = 0;

    bool ok() const noexcept { return outcome.kind == outcome_kind::ok; }
};

} // namespace connector
