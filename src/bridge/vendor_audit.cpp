#include "bridge/vendor_audit.hpp"

namespace bridge {

vendor_audit::vendor_audit(std::string target, std::shared_ptr<store::audit_store> store,
                           std::shared_ptr<store::store_executor> executor)
    : target_(std::move(target)), store_(std::move(store)), executor_(std::move(executor))
{
}

void vendor_audit::on_attempt(const connector::attempt_record& record)
{
    store::audit_entry row{target_, std::string(record.request_id), std::string(record.method), record.path,
                         record.status, record.latency.count()};
    if (executor_) {
        executor_->post_write([store = store_, row = std::move(row)] { store->record(row); });
        return;
    }
    try {
        store_->record(row);
    } catch (const std::exception&) {
        // An audit row must never fail the vendor call it describes (a busy
        // or closing database at shutdown): the call's outcome still stands.
    }
}

} // namespace bridge
