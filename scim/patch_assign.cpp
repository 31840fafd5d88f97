#include "scim/patch_elements.hpp"

#include "scim/error.hpp"

#include <algorithm>

namespace scim {

namespace json = boost::json;

namespace {

std::string describe(const resolved_attribute& where)
{
    return where.sub ? where.attr->name + "." + where.sub->name : where.attr->name;
}

// One sub-attribute of one element selected by a value filter.
void write_sub(json::object& element, const attribute& owner, const attribute* sub, std::string_view key,
               const json::value& value)
{
    const std::string name = sub ? sub->name : std::string(key);
    const json::value* current = element.if_contains(name);
    if (sub && sub->mutability != mutability::read_write && sub->mutability != mutability::write_only) {
        if (current ? *current == value : value.is_null())
            return;
        if (sub->mutability == mutability::read_only || current != nullptr)
            throw_mutability(owner.name + "." + name + " is " + (sub->mutability == mutability::read_only ? "readOnly" : "immutable")
                             + " and cannot be changed");
    }
    if (value.is_null())
        element.erase(name);
    else
        element[name] = value;
}

json::value single_element(json::value normalized, const attribute& attr)
{
    json::array* elements = normalized.if_array();
    if (elements == nullptr || elements->size() != 1 || !elements->front().is_object())
        throw_invalid_value("a path with a value filter on " + attr.name + " takes one object as its value");
    return std::move(elements->front());
}

} // namespace

const json::value* current_value(patch_document& doc, const resolved_attribute& where)
{
    const json::value* value = doc.find(where);
    if (value == nullptr || where.sub == nullptr)
        return value;
    return value->is_object() ? value->get_object().if_contains(where.sub->name) : nullptr;
}

bool may_write(patch_document& doc, const resolved_attribute& where, const json::value& value)
{
    const bool read_only = where.attr->mutability == mutability::read_only || where.leaf().mutability == mutability::read_only;
    const bool immutable = where.attr->mutability == mutability::immutable || where.leaf().mutability == mutability::immutable;
    if (!read_only && !immutable)
        return true;
    const json::value* current = current_value(doc, where);
    if (current ? *current == value : value.is_null())
        return false;
    // RFC 7644 §3.5.2: an immutable attribute may be given a value once.
    if (!read_only && current == nullptr)
        return true;
    throw_mutability(describe(where) + " is " + (read_only ? "readOnly" : "immutable") + " and cannot be changed");
}

void assign_single(patch_document& doc, const resolved_attribute& where, json::value value)
{
    json::value* current = doc.find(where);
    if (value.is_object() && current && current->is_object()) {
        // RFC 7644 §3.5.2.3: sub-attributes the value leaves out keep their
        // values. Except when the value names another resource (a new
        // manager): the old `$ref` and display name described the old one.
        const json::object& incoming = value.get_object();
        const json::object& existing = current->get_object();
        const attribute* id = where.attr->find_sub("value");
        const json::value* new_id = id && identified_by_value(*where.attr) ? incoming.if_contains(id->name) : nullptr;
        const json::value* old_id = new_id ? existing.if_contains(id->name) : nullptr;
        if (!(new_id && old_id && *new_id != *old_id)) {
            json::object merged = existing;
            for (const auto& entry : incoming)
                merged[entry.key()] = entry.value();
            value = std::move(merged);
        }
    }
    doc.set(where, std::move(value));
}

void assign_sub(patch_document& doc, const resolved_attribute& where, const json::value& value)
{
    json::value normalized = normalize_patch_value(value, *where.sub);
    if (!may_write(doc, where, normalized))
        return;
    json::value* current = doc.find(where);
    json::object object = current && current->is_object() ? current->get_object() : json::object{};
    if (normalized.is_null())
        object.erase(where.sub->name);
    else
        object[where.sub->name] = std::move(normalized);
    doc.set(where, std::move(object));
}

void assign_filtered(patch_document& doc, const patch_target& target, const json::value& value)
{
    const attribute& attr = *target.where.attr;
    if (attr.mutability == mutability::read_only)
        throw_mutability(attr.name + " is readOnly and cannot be changed");
    doc.name_values(attr, 1);
    const json::value incoming = target.filtered_sub ? normalize_patch_value(value, *target.filtered_sub)
        : value.is_null()                            ? json::value(nullptr)
                                                     : single_element(normalize_patch_value(value, attr), attr);

    // The document is already a private copy: edit its array in place.
    json::value* current = doc.find(target.where);
    json::array created;
    json::array& elements = current && current->is_array() ? current->get_array() : created;
    doc.examine(attr, elements.size(), filter_terms(*target.filter));
    std::vector<std::size_t> written = matching_positions(elements, *target.filter, attr);
    if (written.empty()) {
        if (incoming.is_null())
            return;
        // IDP-COMPAT 3: Entra sets emails[type eq "work"].value on a user
        // that has no work email yet, and expects one to be created.
        written.push_back(elements.size());
        elements.push_back(element_from_filter(*target.filter, attr));
    }
    for (std::size_t i : written) {
        json::object& element = elements[i].get_object();
        if (target.filtered_sub)
            write_sub(element, attr, target.filtered_sub, target.filtered_sub->name, incoming);
        else if (incoming.is_object())
            for (const auto& entry : incoming.get_object())
                write_sub(element, attr, attr.find_sub(entry.key()), entry.key(), entry.value());
    }
    keep_single_primary(elements, written, attr);
    // An element left with no sub-attribute at all is no value.
    elements.erase(std::remove_if(elements.begin(), elements.end(),
                                  [](const json::value& element) { return element.is_object() && element.get_object().empty(); }),
                   elements.end());
    if (&elements == &created || elements.empty())
        doc.set(target.where, std::move(elements));
}

} // namespace scim
