#include "scim/patch_elements.hpp"

#include "scim/error.hpp"

#include <algorithm>

namespace scim {

namespace json = boost::json;

namespace {

bool same_value(const json::value& a, const json::value& b, const attribute& attr)
{
    const std::optional<std::string> key_a = value_key(a, attr);
    return key_a ? key_a == value_key(b, attr) : a == b;
}

// An element is named by a value to remove when it carries every
// sub-attribute the value gives, with equal values.
bool is_named_by(const json::value& element, const json::value& named, const attribute& attr)
{
    if (!named.is_object() || !element.is_object())
        return same_value(element, named, attr);
    for (const auto& entry : named.get_object()) {
        const json::value* present = element.get_object().if_contains(entry.key());
        const attribute* sub = attr.find_sub(entry.key());
        if (present == nullptr || !(sub ? same_value(*present, entry.value(), *sub) : *present == entry.value()))
            return false;
    }
    return true;
}

// Entra's member removal, {"op":"Remove","path":"members","value":[{"value":"id"}]}
// (IDP-COMPAT 12): removes just the values listed; listed values that are
// absent are already removed, which is no error (Entra retries).
void remove_listed(patch_document& doc, const resolved_attribute& where, const json::value& value)
{
    const attribute& attr = *where.attr;
    json::value normalized = normalize_patch_value(value, attr);
    if (!normalized.is_array())
        return;
    const json::array& named = normalized.get_array();
    if (identified_by_value(attr)) {
        const attribute& id = *attr.find_sub("value");
        doc.name_values(attr, named.size());
        for (const json::value& element : named) {
            const json::value* member = element.is_object() ? element.get_object().if_contains(id.name) : nullptr;
            const std::optional<std::string> key = member ? value_key(*member, id) : std::nullopt;
            if (!key)
                throw_invalid_value(attr.name + ": every value to remove needs a \"value\"");
            doc.remove_indexed(where, *key, [](const json::value&) { return true; });
        }
        return;
    }
    json::value* current = doc.find(where);
    if (current == nullptr || !current->is_array())
        return;
    doc.examine(attr, current->get_array().size(), named.size());
    json::array kept;
    for (json::value& element : current->get_array())
        if (std::none_of(named.begin(), named.end(), [&](const json::value& n) { return is_named_by(element, n, attr); }))
            kept.push_back(std::move(element));
    doc.set(where, std::move(kept));
}

// RFC 7644 §3.5.2.2: the matched elements (or their sub-attribute) go; an
// attribute left without elements is unassigned.
void remove_filtered(patch_document& doc, const patch_target& target)
{
    const attribute& attr = *target.where.attr;
    const attribute* id = attr.find_sub("value");
    // `members[value eq "…"]` (Okta's member removal) names one value by
    // identity: answered by the index, and removing an absent member is a
    // success, as for Entra's form above.
    const json::string* literal = value_eq_literal(*target.filter);
    if (literal && id && !target.filtered_sub) {
        doc.name_values(attr, 1);
        doc.remove_indexed(target.where, *value_key(json::value(*literal), *id), [](const json::value&) { return true; });
        return;
    }

    json::value* current = doc.find(target.where);
    if (current && current->is_array())
        doc.examine(attr, current->get_array().size(), filter_terms(*target.filter));
    const std::vector<std::size_t> matched = current && current->is_array()
        ? matching_positions(current->get_array(), *target.filter, attr)
        : std::vector<std::size_t>{};
    if (matched.empty()) {
        if (literal)
            return;
        // RFC 7644 §3.12: noTarget is "a filter that yields no match".
        throw_no_target("no element of " + attr.name + " matches the path's filter");
    }
    json::array& elements = current->get_array();
    std::vector<bool> drop(elements.size(), false);
    for (std::size_t i : matched) {
        json::object& element = elements[i].get_object();
        if (target.filtered_sub)
            element.erase(target.filtered_sub->name);
        drop[i] = !target.filtered_sub || element.empty();
    }
    json::array kept;
    for (std::size_t i = 0; i < elements.size(); ++i)
        if (!drop[i])
            kept.push_back(std::move(elements[i]));
    doc.set(target.where, std::move(kept));
}

void check_removable(patch_document& doc, const patch_target& target)
{
    const attribute& attr = *target.where.attr;
    const attribute* sub = target.filtered_sub ? target.filtered_sub : target.where.sub;
    std::string name = sub ? attr.name + "." + sub->name : attr.name;
    if (attr.mutability == mutability::read_only || (sub && sub->mutability == mutability::read_only)) {
        // Removing what is not there changes nothing (IdPs send "groups").
        if (!target.filter && current_value(doc, target.where) == nullptr)
            return;
        throw_mutability(name + " is readOnly and cannot be removed");
    }
    // RFC 7644 §3.5.2.2: removing a required attribute is a mutability error.
    if ((!sub && !target.filter && attr.required) || (sub && sub->required))
        throw_mutability(name + " is required and cannot be removed");
    if (sub && sub->mutability == mutability::immutable)
        throw_mutability(name + " is immutable and cannot be removed");
}

} // namespace

void apply_remove(patch_document& doc, const patch_target& target, const json::value& value)
{
    check_removable(doc, target);
    if (target.filter)
        return remove_filtered(doc, target);
    if (target.where.sub) {
        json::value* current = doc.find(target.where);
        if (current == nullptr || !current->is_object())
            return;
        json::object object = current->get_object();
        object.erase(target.where.sub->name);
        return doc.set(target.where, std::move(object));
    }
    if (target.where.attr->multi_valued && !value.is_null())
        return remove_listed(doc, target.where, value);
    doc.erase(target.where);
}

} // namespace scim
