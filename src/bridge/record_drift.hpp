#pragma once
// Drift between the bridge's stored state of a resource and the vendor's
// record of it, attribute by attribute (`scim-bridge reconcile`). Pure.
//
// Both sides are compared as the bridge would send them: the stored value
// through the mapping's forward transforms, the vendor's value back to SCIM
// through the reverse transforms and forward again. Formatting the mapping
// itself introduces or forgives (a country's case, "usa" for "US"; a
// userName the mapping lower-cases) is therefore not drift.

#include "mapping/mapping_file.hpp"
#include "mapping/request_renderer.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace bridge {

struct attribute_drift {
    std::string attribute;          // the SCIM path as the mapping spells it
    std::string vendor_field;       // the field the vendor's value is read from
    boost::json::value stored;      // SCIM form; null when the store has none
    boost::json::value vendor;      // SCIM form; null when the vendor has none (or it is unreadable)
    std::string problem;            // set when one side cannot be converted at all
    // The vendor's record does not carry any field this attribute is read
    // from (absent, not empty): a list answer that leaves it out says
    // nothing about the vendor's value, which only a `get` can tell.
    bool not_carried = false;
};

// Compared: each SCIM attribute that the mapping both reads back from some
// vendor field and writes on update (what an update can repair), also when
// it writes one field and reads another (`position` out, `positionName`
// back). Vendor-owned (only from_vendor), create-only, computed and
// generated fields are left out.
// `context` supplies parameters, secrets and the correlation look-up (for
// references such as a manager); its resources are ignored.
std::vector<attribute_drift> compare_record(const mapping::resource_mapping& resource,
                                            const boost::json::object& stored,
                                            const boost::json::object& vendor_record,
                                            const mapping::render_input& context);

} // namespace bridge
