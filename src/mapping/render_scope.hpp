#pragma once
// Everything a template may refer to while one request is rendered, and the
// callbacks through which the pipeline supplies secrets and correlations.

#include "mapping/template_string.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

using parameter_map = std::map<std::string, std::string, std::less<>>;

// Returns the secret's value, or nullopt when it cannot be resolved.
using secret_resolver = std::function<std::optional<std::string>(std::string_view name)>;

enum class lookup_direction { scim_to_vendor, vendor_to_scim };
// Translates an id of a resource of `resource_type` ("User", "Group")
// through the correlation table; nullopt when the other side is unknown.
using reference_lookup =
    std::function<std::optional<std::string>(std::string_view resource_type, std::string_view id, lookup_direction)>;

// Fills `out` with random bytes (the generator of passwords); the default
// uses OpenSSL's CSPRNG. Tests substitute a deterministic one.
using random_source = std::function<void(unsigned char* out, std::size_t size)>;

struct page_position {
    long long number = 0;
    long long size = 0;
    long long offset = 0;
    std::string cursor;
    // next_url / link_header: the vendor's link to this page as it gave it
    // (empty for the first page); the listing resolves and follows it.
    std::string link;
};

struct render_scope {
    const parameter_map* parameters = nullptr;
    const secret_resolver* secrets = nullptr;
    const boost::json::object* resource = nullptr;   // ${scim.…}
    const boost::json::object* fields = nullptr;     // ${field.…}
    std::optional<std::string> vendor_id;
    const boost::json::value* value = nullptr;       // ${value}
    std::optional<std::string> request_id;
    page_position page;
    const boost::json::value* member = nullptr;      // ${member.vendor_id}
    const boost::json::array* members = nullptr;     // ${members}
    const boost::json::object* kept = nullptr;       // ${kept.…}: what earlier answers about the resource kept
    const boost::json::object* membership = nullptr; // ${membership.…}: what adding this member kept
    // Every secret value a rendering reveals is appended here so that dry
    // runs and logs can mask it wherever it ends up.
    std::vector<std::string>* revealed = nullptr;
};

struct render_outcome {
    boost::json::value value;
    std::string error;   // non-empty: rendering failed, `value` is meaningless
    bool needs_vendor_id = false;  // the failure is only that the vendor id is not known yet
};

// A single-placeholder template keeps the value's JSON type; otherwise the
// parts are concatenated as text (an absent SCIM value contributes "").
render_outcome render_template(const template_string& text, const render_scope& scope);

// The text form of a JSON scalar as it appears in a path, query or header.
std::string to_text(const boost::json::value& value);

} // namespace mapping
