#pragma once
// What the store indexes for a resource: derived from its canonical JSON.

#include "store/resource_store.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace bridge {

store::index_values index_values_of(const std::string& type, const boost::json::object& resource);

// The member ids of a group ("members"[].value), in order.
std::vector<std::string> member_ids_of(const boost::json::object& group);

// Fills write.members_added (with each added member's object) and
// members_removed with the difference.
void diff_members(const boost::json::object* before, const boost::json::object* after, store::resource_write& write);

// The text a group is stored as: the resource without `members` (they are
// rows; see store/resource_store.hpp). Other types: the whole resource.
std::string stored_text_of(const std::string& type, const boost::json::object& resource);

} // namespace bridge
