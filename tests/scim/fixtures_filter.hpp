#pragma once
// Shared by the filter, attribute path and value comparison tests: the real
// User/Group resource types, a hand-built resource type with one attribute of
// every SCIM type, a canonical User, and a compact rendering of filter trees.

#include "scim/filter.hpp"
#include "scim/schema.hpp"
#include "scim/schema_urns.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <type_traits>

namespace filter_fixtures {

inline const scim::schema_registry& registry()
{
    static const auto loaded = scim::schema_registry::load(SCIM_BRIDGE_SOURCE_DIR "/schemas");
    return *loaded;
}

inline const scim::resource_type& user_type() { return *registry().find_resource_type("User"); }
inline const scim::resource_type& group_type() { return *registry().find_resource_type("Group"); }

inline scim::attribute make_attribute(std::string name, scim::attribute_type type, bool case_exact = false,
                                      bool multi_valued = false)
{
    scim::attribute a;
    a.name = std::move(name);
    a.type = type;
    a.case_exact = case_exact;
    a.multi_valued = multi_valued;
    return a;
}

// One attribute per SCIM type, for the operator x type tables.
inline const scim::resource_type& typed_type()
{
    using scim::attribute_type;
    static const scim::schema core = [] {
        scim::schema s;
        s.id = "urn:ietf:params:scim:schemas:core:2.0:Typed";
        s.name = "Typed";
        s.attributes = {
            make_attribute("text", attribute_type::string),
            make_attribute("exact", attribute_type::string, true),
            make_attribute("flag", attribute_type::boolean),
            make_attribute("count", attribute_type::integer),
            make_attribute("ratio", attribute_type::decimal),
            make_attribute("when", attribute_type::date_time),
            make_attribute("blob", attribute_type::binary, true),
            make_attribute("link", attribute_type::reference, true),
            make_attribute("tags", attribute_type::string, false, true),
        };
        scim::attribute pair = make_attribute("pair", attribute_type::complex);
        pair.sub_attributes = {make_attribute("left", attribute_type::string),
                               make_attribute("right", attribute_type::integer)};
        s.attributes.push_back(std::move(pair));
        return s;
    }();
    static const scim::resource_type type = [] {
        scim::resource_type t;
        t.id = t.name = "Typed";
        t.endpoint = "/Typed";
        t.core = &core;
        return t;
    }();
    return type;
}

inline boost::json::object typed_resource()
{
    return boost::json::parse(R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Typed"],
        "id": "t1",
        "text": "Hello World",
        "exact": "CaseMatters",
        "flag": true,
        "count": 42,
        "ratio": 2.5,
        "when": "2020-06-15T12:00:00Z",
        "blob": "QUJD",
        "link": "https://example.com/Users/Abc",
        "tags": ["red", "Green"],
        "pair": {"left": "L", "right": 7}
    })").as_object();
}

// Babs Jensen in canonical form (RFC 7643 §8.2, trimmed), with the
// enterprise extension.
inline boost::json::object bjensen()
{
    return boost::json::parse(R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {"familyName": "O'Malley", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "title": "Tour Guide",
        "userType": "Employee",
        "active": true,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "ims": [{"value": "someaimhandle", "type": "aim"}],
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
                 "lastModified": "2011-05-13T04:42:34Z", "version": "W/\"3694e05e9dff591\""},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
        }
    })").as_object();
}

inline std::string op_text(scim::compare_op op)
{
    static const char* names[] = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"};
    return names[static_cast<int>(op)];
}

// A filter tree as an S-expression: (and (eq userName "x") (pr title)).
inline std::string describe(const scim::filter_node& node)
{
    return std::visit(
        [](const auto& n) -> std::string {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, scim::presence_filter>)
                return "(pr " + n.path.to_string() + ")";
            else if constexpr (std::is_same_v<T, scim::compare_filter>)
                return "(" + op_text(n.op) + " " + n.path.to_string() + " " + boost::json::serialize(n.value) + ")";
            else if constexpr (std::is_same_v<T, scim::logical_filter>)
                return std::string(n.is_and ? "(and " : "(or ") + describe(*n.left) + " " + describe(*n.right) + ")";
            else if constexpr (std::is_same_v<T, scim::not_filter>)
                return "(not " + describe(*n.inner) + ")";
            else
                return "(" + n.path.to_string() + "[] " + describe(*n.inner) + ")";
        },
        node.node);
}

inline std::string describe(std::string_view filter_text) { return describe(*scim::parse_filter(filter_text)); }

} // namespace filter_fixtures
