#pragma once
// The drift of one resource type of a target: the bridge's stored resources
// and their correlations against every record the vendor lists. Pure: the
// caller reads the store and the vendor (`scim-bridge reconcile`).

#include "bridge/record_drift.hpp"
#include "bridge/vendor_listing.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bridge {

struct stored_resource {
    std::string scim_id;
    boost::json::object resource;
    std::optional<std::string> vendor_id;   // from the correlation table
};

enum class drift_kind {
    missing_at_vendor,  // linked, but the vendor lists no record with that id
    unknown_to_bridge,  // listed by the vendor, linked to no stored resource
    fields_differ,      // linked and listed, mapped attributes differ
    not_linked,         // stored without a vendor id (pending, or linked later): not compared
};

struct drift_finding {
    drift_kind kind = drift_kind::missing_at_vendor;
    std::string scim_id;                 // empty for unknown_to_bridge
    std::string vendor_id;               // empty for not_linked
    std::string name;                    // userName or displayName (the vendor's for unknown records)
    std::vector<attribute_drift> attributes;  // fields_differ
    const vendor_record* record = nullptr;    // fields_differ, unknown_to_bridge: into the listing
};

// Findings in the store's order, then the vendor's unknown records in the
// vendor's order. `in_sync` counts the linked resources without drift.
struct type_drift {
    std::vector<drift_finding> findings;
    std::size_t in_sync = 0;
};

type_drift find_drift(const mapping::resource_mapping& resource, const std::vector<stored_resource>& stored,
                      const vendor_listing& listing, const mapping::render_input& context);

// The name an admin knows a resource by: userName, else displayName.
std::string display_name_of(const boost::json::object& resource);

bool is_drift(drift_kind kind);   // everything but not_linked

} // namespace bridge
