#pragma once
// The SCIM schema model (RFC 7643 §7): attribute definitions, schemas and
// resource types, loaded once at start from the JSON files in schemas/ and
// read-only afterwards.

#include <boost/json/object.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scim {

enum class attribute_type { string, boolean, decimal, integer, date_time, binary, reference, complex };
enum class mutability { read_only, read_write, immutable, write_only };
enum class returned { always, never, by_default, request };
enum class uniqueness { none, server, global };

struct attribute {
    std::string name;  // canonical spelling, e.g. "userName"
    attribute_type type = attribute_type::string;
    bool multi_valued = false;
    bool required = false;
    bool case_exact = false;
    scim::mutability mutability = scim::mutability::read_write;
    scim::returned returned = scim::returned::by_default;
    scim::uniqueness uniqueness = scim::uniqueness::none;
    std::string description;
    std::vector<std::string> canonical_values;
    std::vector<std::string> reference_types;
    std::vector<attribute> sub_attributes;

    // Sub-attribute by name, case-insensitively; nullptr when absent.
    const attribute* find_sub(std::string_view name) const;
    boost::json::object to_json() const;  // RFC 7643 §7 representation
};

struct schema {
    std::string id;  // the URN
    std::string name;
    std::string description;
    std::vector<attribute> attributes;

    // Top-level attribute by name, case-insensitively; nullptr when absent.
    const attribute* find(std::string_view name) const;
    boost::json::object to_json(std::string_view base_location) const;  // for /Schemas
};

struct schema_extension {
    const schema* extension = nullptr;
    bool required = false;
};

// The attributes RFC 7643 §3.1 gives every resource: id, externalId, meta.
// They belong to no schema; the registry exposes them as one pseudo-schema.
const schema& common_attributes();

// A resource type together with its schemas: what filters, PATCH paths and
// validation resolve attribute names against.
struct resource_type {
    std::string id;        // "User"
    std::string name;      // "User"
    std::string endpoint;  // "/Users"
    std::string description;
    const schema* core = nullptr;
    std::vector<schema_extension> extensions;

    // Extension schema by URN, case-insensitively; nullptr when absent.
    const schema* find_extension(std::string_view urn) const;
    boost::json::object to_json(std::string_view base_location) const;  // for /ResourceTypes
};

// What an attribute name or path resolves to within a resource type.
struct resolved_attribute {
    const schema* owner = nullptr;       // core, an extension, or common_attributes()
    const attribute* attr = nullptr;     // the top-level attribute
    const attribute* sub = nullptr;      // the sub-attribute, when the path names one
    bool in_extension() const;           // stored under the extension URN key
    const attribute& leaf() const { return sub ? *sub : *attr; }
};

class schema_registry {
public:
    // Loads every *.json in `dir` (schema definitions and resource types).
    // Throws std::runtime_error naming the file on malformed input.
    static std::shared_ptr<const schema_registry> load(const std::filesystem::path& dir);

    // A copy with extension schemas added, each to one resource type (a
    // target's own attributes, declared in its mapping file). `schema_json`
    // is an RFC 7643 §7 schema; throws std::runtime_error naming `where`
    // when it is malformed, its URN exists, or the resource type does not.
    struct extension_definition {
        std::string resource_type;
        boost::json::object schema_json;
        std::string where;
    };
    std::shared_ptr<const schema_registry> extended(const std::vector<extension_definition>& extensions) const;

    const schema* find_schema(std::string_view urn) const;
    const resource_type* find_resource_type(std::string_view name) const;  // "User", "Group"
    const std::vector<std::unique_ptr<schema>>& schemas() const { return schemas_; }
    const std::vector<std::unique_ptr<resource_type>>& resource_types() const { return resource_types_; }

private:
    std::vector<std::unique_ptr<schema>> schemas_;
    std::vector<std::unique_ptr<resource_type>> resource_types_;
};

} // namespace scim
