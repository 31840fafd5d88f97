#pragma once
// The parts of a stored resource the bridge owns rather than the client:
// id, meta (RFC 7643 §3.1), write-only input, and versions as weak ETags.

#include "scim/schema.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bridge {

// Removes write-only attributes (the password) from a resource about to be
// stored and returns the password, if one was given, for the vendor.
std::optional<std::string> take_write_only(boost::json::object& resource, const scim::resource_type& type);

// `schemas` first, then `id`, then the client's attributes: the order
// responses show. Any client-sent id or meta is dropped.
boost::json::object with_identity(boost::json::object resource, const std::string& id);

void set_meta(boost::json::object& resource, const scim::resource_type& type, const std::string& base_url,
              const std::string& id, const std::string& created, const std::string& last_modified,
              std::int64_t version);
// Updates lastModified and version of an existing meta.
void bump_meta(boost::json::object& resource, const std::string& last_modified, std::int64_t version);
// Copies `meta` from the stored state, so that content comparison ignores it.
void carry_meta(boost::json::object& next, const boost::json::object& current);
std::string created_of(const boost::json::object& resource);

// Same attributes and values (meta included, key order ignored).
bool same_content(const boost::json::object& a, const boost::json::object& b);

// Adds `key` just before `meta`, keeping meta last in responses.
void insert_before_meta(boost::json::object& resource, std::string_view key, boost::json::value value);

std::string uniqueness_detail(const scim::resource_type& type, const std::string& value);

} // namespace bridge
