// validate_resource: the rules a canonical resource must satisfy before it
// is stored, beyond the per-value types normalize_value already enforces.

#include "scim/error.hpp"
#include "scim/patch_document.hpp"
#include "scim/resource.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/serialize.hpp>

#include <string>
#include <unordered_set>

namespace scim {

namespace {

namespace json = boost::json;

bool empty_value(const json::value& v)
{
    if (v.is_string())
        return v.get_string().find_first_not_of(" \t\r\n") == json::string::npos;
    if (v.is_array())
        return v.get_array().empty();
    if (v.is_object())
        return v.get_object().empty();
    return v.is_null();
}

void check_required(const json::object& container, const schema& s, std::string_view prefix)
{
    for (const attribute& attr : s.attributes) {
        // Read-only attributes are the server's to set, never the client's.
        if (!attr.required || attr.mutability == mutability::read_only)
            continue;
        const json::value* v = container.if_contains(attr.name);
        if (!v || empty_value(*v))
            throw_invalid_value("required attribute '" + std::string(prefix) + attr.name + "' is missing or empty");
    }
}

// RFC 7643 §2.4: "true" may appear at most once among a multi-valued
// attribute's `primary` sub-attributes.
void check_primary(const json::object& container, const schema& s)
{
    for (const attribute& attr : s.attributes) {
        if (!attr.multi_valued || attr.type != attribute_type::complex || !attr.find_sub("primary"))
            continue;
        const json::value* v = container.if_contains(attr.name);
        if (!v || !v->is_array())
            continue;
        int primaries = 0;
        for (const json::value& element : v->get_array()) {
            const json::value* primary = element.is_object() ? element.get_object().if_contains("primary") : nullptr;
            if (primary && primary->is_bool() && primary->get_bool())
                ++primaries;
        }
        if (primaries > 1)
            throw_invalid_value("attribute '" + attr.name + "' has " + std::to_string(primaries)
                                + " elements with primary true; at most one is allowed");
    }
}

// Members (a value with a $ref) are exempt: groups of 100,000 exist, and
// their edits go through an index (scim/patch_document.hpp).
void check_value_count(const json::object& container, const schema& s)
{
    for (const attribute& attr : s.attributes) {
        if (!attr.multi_valued || (attr.find_sub("value") && attr.find_sub("$ref")))
            continue;
        const json::value* v = container.if_contains(attr.name);
        if (v && v->is_array() && v->get_array().size() > max_values_per_attribute)
            throw_invalid_value("attribute '" + attr.name + "' has " + std::to_string(v->get_array().size()) +
                                " values; at most " + std::to_string(max_values_per_attribute) + " are kept");
    }
}

// RFC 7643 §2.4: a multi-valued attribute carries each (type, value) pair
// once; two equal pairs (values compared as a filter would) are ambiguous
// and refused. One pass with a set: linear in the number of values. Members
// are exempt like above: a duplicate member is dropped as the same member.
// A value stored before this rule and left unchanged by a write is not
// checked: the write would otherwise fail for an attribute it does not touch.
void check_duplicate_pairs(const json::object& container, const schema& s, const json::object* before)
{
    for (const attribute& attr : s.attributes) {
        const attribute* value_sub = attr.multi_valued ? attr.find_sub("value") : nullptr;
        const attribute* type_sub = value_sub ? attr.find_sub("type") : nullptr;
        if (!type_sub || attr.find_sub("$ref"))
            continue;
        const json::value* v = container.if_contains(attr.name);
        if (!v || !v->is_array() || v->get_array().size() < 2)
            continue;
        if (const json::value* old = before ? before->if_contains(attr.name) : nullptr; old && *old == *v)
            continue;
        std::unordered_set<std::string> seen;
        for (const json::value& element : v->get_array()) {
            const json::object* e = element.if_object();
            const json::value* value = e ? e->if_contains("value") : nullptr;
            const auto key = value ? value_key(*value, *value_sub) : std::nullopt;
            if (!key)
                continue;
            const json::value* type = e->if_contains("type");
            const auto type_key = type ? value_key(*type, *type_sub) : std::nullopt;
            if (seen.insert(type_key.value_or("") + '\0' + *key).second)
                continue;
            const std::string shown = value->is_string() ? std::string(value->get_string()) : json::serialize(*value);
            throw_invalid_value("attribute '" + attr.name + "' has the value '" + shown + "'" +
                                (type_key ? " of type '" + *type_key + "'" : std::string(" without a type")) +
                                " more than once");
        }
    }
}

bool same_value(const json::value& a, const json::value& b, const attribute& attr)
{
    if (a.is_string() && b.is_string())
        return strings_equal(a.get_string(), b.get_string(), attr.case_exact);
    return a == b;
}

// RFC 7644 §3.5.1: once set, an immutable value may only be sent again
// unchanged. Omitting it is not a change request. The sub-attributes of
// multi-valued attributes (members.value) are not checked: elements have no
// identity besides their value, so "changing" one is a remove plus an add.
void check_immutable(const json::object& now, const json::object& before, const schema& s)
{
    for (const attribute& attr : s.attributes) {
        const json::value* new_value = now.if_contains(attr.name);
        const json::value* old_value = before.if_contains(attr.name);
        if (!new_value || !old_value)
            continue;
        if (attr.mutability == mutability::immutable && !same_value(*new_value, *old_value, attr))
            throw_mutability("attribute '" + attr.name + "' is immutable and cannot be changed");
        if (attr.multi_valued || !new_value->is_object() || !old_value->is_object())
            continue;
        for (const attribute& sub : attr.sub_attributes) {
            const json::value* n = new_value->get_object().if_contains(sub.name);
            const json::value* o = old_value->get_object().if_contains(sub.name);
            if (sub.mutability == mutability::immutable && n && o && !same_value(*n, *o, sub))
                throw_mutability("attribute '" + attr.name + "." + sub.name + "' is immutable and cannot be changed");
        }
    }
}

const json::object* extension_object(const json::object& resource, const schema& extension)
{
    const json::value* v = resource.if_contains(extension.id);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

} // namespace

void validate_resource(const json::object& resource, const resource_type& type, const json::object* previous)
{
    auto check = [&](const json::object& container, const schema& s, std::string_view prefix,
                     const json::object* before) {
        check_required(container, s, prefix);
        check_primary(container, s);
        check_value_count(container, s);
        check_duplicate_pairs(container, s, before);
        if (before)
            check_immutable(container, *before, s);
    };
    check(resource, common_attributes(), "", previous);
    check(resource, *type.core, "", previous);
    for (const schema_extension& e : type.extensions) {
        const json::object* ext = extension_object(resource, *e.extension);
        if (!ext && e.required)
            throw_invalid_value("required schema extension '" + e.extension->id + "' is missing");
        // An absent optional extension has no required attributes to miss.
        if (!ext)
            continue;
        const json::object* before = previous ? extension_object(*previous, *e.extension) : nullptr;
        check(*ext, *e.extension, e.extension->id + ":", before);
    }
}

} // namespace scim
