#pragma once
// The connector's audit_sink writing the `audit` table: one row per attempt
// (method, redacted path, status, latency, request id).

#include "connector/audit_sink.hpp"
#include "store/audit_store.hpp"
#include "store/store_executor.hpp"

#include <memory>
#include <string>

namespace bridge {

class vendor_audit : public connector::audit_sink {
public:
    // With an executor, rows are written by its writer (group-committed,
    // never on the I/O thread); without one, at once.
    vendor_audit(std::string target, std::shared_ptr<store::audit_store> store,
                 std::shared_ptr<store::store_executor> executor = nullptr);
    void on_attempt(const connector::attempt_record& record) override;

private:
    std::string target_;
    std::shared_ptr<store::audit_store> store_;
    std::shared_ptr<store::store_executor> executor_;
};

} // namespace bridge
