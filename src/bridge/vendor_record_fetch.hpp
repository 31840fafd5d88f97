#pragma once
// One vendor record by its id, through the mapping's `get` operation
// (`scim-bridge reconcile`): to check that a record is still there, to read
// the fields a list answer leaves out, and to see what an update changed.

#include "bridge/mapped_target.hpp"
#include "bridge/request_scope.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace bridge {

struct fetched_record {
    bool found = false;                         // false: the vendor answered not found
    std::optional<boost::json::object> record;  // the record, when the get reads one
};

// Whether `resource` declares a `get`.
bool can_fetch(const mapping::resource_mapping& resource);

// Sends the `get` requests for `vendor_id`; throws failure_exception when the
// vendor refuses or cannot be reached (vendor_failure.hpp).
boost::asio::awaitable<fetched_record> fetch_vendor_record(const mapped_target& target,
                                                           const mapping::resource_mapping* resource,
                                                           const vendor_sender& send, std::string vendor_id,
                                                           std::string request_id);

} // namespace bridge
