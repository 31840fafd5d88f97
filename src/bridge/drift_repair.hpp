#pragma once
// `scim-bridge reconcile --repair`: one finding put right through the
// normal write path of the target (intent, vendor calls, correlation):
// differing attributes by an update from the vendor's view to the stored
// state, a record missing at the vendor by the create path (look-ups
// first, so an existing record is linked rather than duplicated). Records
// unknown to the bridge are never touched: deleting vendor data is an
// admin's decision.

#include "bridge/mapped_backend.hpp"
#include "bridge/target_drift.hpp"
#include "store/store_set.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

namespace bridge {

struct repair_outcome {
    enum class result { repaired, failed, skipped } status = result::skipped;
    std::string detail;   // what was done, or why not
};

class drift_repair {
public:
    // `backend` is the target's, over `send`, keeping its bookkeeping in
    // `stores`.
    drift_repair(mapped_target target, vendor_sender send, store::store_set stores,
                 std::shared_ptr<mapped_backend> backend, std::string request_id);

    // `finding.record` and `listing` must outlive the call.
    boost::asio::awaitable<repair_outcome> repair(const mapping::resource_mapping* resource,
                                                  drift_finding finding, const vendor_listing* listing);

private:
    boost::asio::awaitable<std::string> update(const mapping::resource_mapping* resource,
                                               const drift_finding* finding, boost::json::object stored);
    boost::asio::awaitable<std::string> create(const mapping::resource_mapping* resource,
                                               const drift_finding* finding, boost::json::object stored,
                                               const vendor_listing* listing);
    // Reads the record back after an update: a repair the vendor's record
    // does not show is reported as failed, never as repaired.
    boost::asio::awaitable<repair_outcome> verify(const mapping::resource_mapping* resource,
                                                  const drift_finding* finding, const boost::json::object* stored,
                                                  repair_outcome sent);
    // Whether the vendor still has the record (a `get`), when the mapping
    // says how to ask: a resource written after the listing was taken looks
    // missing without being so.
    boost::asio::awaitable<bool> still_at_vendor(const mapping::resource_mapping* resource, std::string vendor_id);

    mapped_target target_;
    vendor_sender send_;
    store::store_set stores_;
    std::shared_ptr<mapped_backend> backend_;
    std::string request_id_;
};

} // namespace bridge
