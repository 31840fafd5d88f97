#pragma once
// Attribute paths (RFC 7644 §3.10): `userName`, `name.givenName`,
// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
// A URN-qualified path is split at the last colon before the attribute name.

#include "scim/schema.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace scim {

struct attribute_path {
    std::string schema_urn;  // empty when not qualified
    std::string attribute;   // as written (matching is case-insensitive)
    std::string sub_attribute;  // empty when the path names no sub-attribute

    std::string to_string() const;
};

// Parses a bare attribute path. Throws scim::error (400 invalidPath) on
// malformed input.
attribute_path parse_attribute_path(std::string_view text);

// The same without throwing, for parsers that report their own errors
// (filters say invalidFilter and where): nullopt on malformed input, with
// the reason in `problem` when given.
std::optional<attribute_path> try_parse_attribute_path(std::string_view text, std::string* problem = nullptr);

// Resolves a path against a resource type. A path whose URN is the core
// schema's is resolved like an unqualified one. Returns nullopt when the
// attribute does not exist (callers decide whether that is an error).
std::optional<resolved_attribute> resolve(const resource_type& type, const attribute_path& path);

} // namespace scim
