#pragma once
// Every attempt to reach a vendor (logins included) is reported here, for
// the audit table and metrics. Records carry no bodies and no secrets.

#include <chrono>
#include <string>
#include <string_view>

namespace connector {

struct attempt_record {
    std::string_view method;
    std::string path;                 // query values of secret-looking parameters replaced by "***"
    unsigned status = 0;              // 0 = no response (see error)
    std::chrono::milliseconds latency{0};
    unsigned attempt = 0;             // 1 for the first try of a send()
    std::string_view request_id;
    std::string_view error;           // transport failure, empty when a response arrived
    bool login = false;               // a request of the login or token flow, not of the mapping
    std::string_view operation;       // vendor_request::operation (may be empty)
};

class audit_sink {
public:
    virtual ~audit_sink() = default;
    // Called on an I/O thread: must not block. The record's views are valid
    // only during the call: copy what is kept.
    virtual void on_attempt(const attempt_record& record) = 0;
    // A call waited `waited` for the target's request-rate limit before its
    // attempt (metrics; the audit table has no row for it).
    virtual void on_rate_limit_wait(std::chrono::nanoseconds /*waited*/) {}
};

// `target` (path + query) fit for a log: values of query parameters whose
// names suggest credentials (token, key, secret, password, signature, code)
// are masked.
std::string redact_target(std::string_view target);

} // namespace connector
