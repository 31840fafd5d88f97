#include "bridge/vendor_audit.hpp"

namespace bridge {

vendor_audit::vendor_audit(std::string target, std::shared_ptr<store::audit_store> store)
    : target_(std::move(target)), store_(std::move(store))
{
}

void vendor_audit::on_attempt(const connector::attempt_record& record)
{
    try {
        store_->record({target_, std::string(record.request_id), std::string(record.method), record.path,
                        record.status, record.latency.count()});
    } catch (const std::exception&) {
        // An audit row must never fail the vendor call it describes (a busy
        // or closing database at shutdown): the call's outcome still stands.
    }
}

} // namespace bridge
