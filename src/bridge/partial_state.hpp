#pragma once
// The state a resource is left in when a multi-call vendor change failed
// half-way: the old state with exactly the attributes the vendor took over
// from the new one, so that the store tells the truth about the vendor.

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace bridge {

// `attribute_paths` are SCIM attribute paths as a mapping writes them
// (`name.givenName`, `emails[type eq "work"].value`, URN-prefixed ones).
boost::json::object with_applied_attributes(const boost::json::object& before, const boost::json::object& after,
                                            const std::vector<std::string>& attribute_paths);

} // namespace bridge
