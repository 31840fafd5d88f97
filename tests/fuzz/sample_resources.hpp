#pragma once
// Canonical resources (scim/resource.hpp) the PATCH and validation targets
// start from: a user with every kind of attribute the core and enterprise
// schemas have (simple, complex, multi-valued, extension), and a group with
// members.

#include <boost/json/object.hpp>

namespace fuzz {

const boost::json::object& sample_user();
const boost::json::object& sample_group();

} // namespace fuzz
