#pragma once
// A group PATCH that names its members one by one (Entra ID's and Okta's
// membership changes: `add members [{value}]`, `remove members [{value}]`,
// `remove members[value eq "id"]`), beside changes of other attributes.
// Such a PATCH needs of the membership only the members it names: the
// store hands over those rows, not the whole list, and the patch engine
// runs on the group with just them. Its outcome is the same as on the
// whole list: an add skips a member already there, a remove takes out a
// member that is there, and neither sees the others.

#include "scim/patch_limits.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bridge {

// The member ids the PATCH names, when that is all of the membership it
// needs; nullopt when it needs the whole list (replace members, remove
// members without a value, a filter on anything but `value eq`, a value
// that is not an object with a string `value`, members inside a no-path
// value) or is malformed (the full path then reports the error).
std::optional<std::vector<std::string>> members_named_by(const boost::json::value& body,
                                                         const scim::patch_limits& limits);

} // namespace bridge
