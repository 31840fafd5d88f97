#include "connector/vendor_outcome.hpp"

namespace connector {

std::string_view to_string(outcome_kind kind) noexcept
{
    switch (kind) {
    case outcome_kind::ok: return "ok";
    case outcome_kind::rejected: return "rejected";
    case outcome_kind::not_found: return "not_found";
    case outcome_kind::conflict: return "conflict";
    case outcome_kind::unauthorized: return "unauthorized";
    case outcome_kind::retryable_exhausted: return "retryable_exhausted";
    case outcome_kind::fatal: return "fatal";
    }
    return "unknown";
}

outcome_kind classify_status(unsigned status) noexcept
{
    if (status >= 200 && status < 300)
        return outcome_kind::ok;
    switch (status) {
    case 401: return outcome_kind::unauthorized;
    case 404: return outcome_kind::not_found;
    case 409: return outcome_kind::conflict;
    case 408:
    case 429: return outcome_kind::retryable_exhausted;
    default: break;
    }
    if (status >= 400 && status < 500)
        return outcome_kind::rejected;
    if (status >= 500 && status < 600)
        return outcome_kind::retryable_exhausted;
    // 1xx as a final answer and 3xx: redirects are not followed, on purpose
    // (credentials must not follow a redirect to another host).
    return outcome_kind::fatal;
}

bool says_not_processed(unsigned status) noexcept
{
    return status == 408 || status == 429 || status == 503;
}

} // namespace connector
