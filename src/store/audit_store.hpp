#pragma once
// The audit trail of vendor calls (table `audit`): what was called, how it
// ended and how long it took. Never bodies, never secrets.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace store {

struct audit_entry {
    std::string target, request_id, method, path;
    unsigned status = 0;  // 0: no response
    std::int64_t latency_ms = 0;
};

class audit_store {
public:
    virtual ~audit_store() = default;

    virtual void record(const audit_entry& entry) = 0;
    // The newest `limit` entries of a target, oldest first (admin verbs, tests).
    virtual std::vector<audit_entry> recent(std::string_view target, std::int64_t limit) const = 0;
};

} // namespace store
