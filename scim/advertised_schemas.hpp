#pragma once
// What one target tells identity providers in /Schemas and /ResourceTypes:
// only the attributes its mapping can carry to the vendor, so that an
// attribute picker (Entra ID, Okta) offers what works. The store keeps
// whatever it is sent; this only narrows what is advertised.

#include <boost/json/object.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace scim {

class attribute_selection {
public:
    // From now on `schema_urn` is advertised with the selected attributes
    // only (none yet); schemas never restricted are advertised whole.
    void restrict(std::string_view schema_urn);
    // Keeps a top-level attribute whole, or (with `sub`) one of its
    // sub-attributes (adding to those kept). Names are case-insensitive.
    void keep(std::string_view schema_urn, std::string_view attribute, std::string_view sub = {});

    bool restricted(std::string_view schema_urn) const;
    // A restricted schema with nothing kept is not advertised at all.
    bool advertised(std::string_view schema_urn) const;

    // The /Schemas representation of a schema with the unselected
    // attributes (and sub-attributes) removed.
    boost::json::object apply_to_schema(boost::json::object schema) const;
    // A /ResourceTypes entry without the extensions that are not advertised.
    boost::json::object apply_to_resource_type(boost::json::object type) const;

private:
    struct kept_attribute {
        bool whole = false;
        std::set<std::string> subs;  // lower case
    };
    // schema URN (lower case) -> attribute (lower case) -> what is kept
    std::map<std::string, std::map<std::string, kept_attribute>> schemas_;
};

} // namespace scim
