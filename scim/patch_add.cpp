#include "scim/patch_elements.hpp"

#include "scim/error.hpp"
#include "scim/resource.hpp"

#include <algorithm>

namespace scim {

namespace json = boost::json;

namespace {

// RFC 7644 §3.5.2.1: adding to a multi-valued attribute adds values, and a
// value already present changes nothing. Members are compared by id through
// the document's index, so adding 1,000 members to a 10,000-member group
// costs one pass, not ten million comparisons.
void add_elements(patch_document& doc, const resolved_attribute& where, json::array incoming)
{
    const attribute& attr = *where.attr;
    if (identified_by_value(attr)) {
        const attribute& id = *attr.find_sub("value");
        doc.name_values(attr, incoming.size());
        for (json::value& element : incoming) {
            const json::value* value = element.is_object() ? element.get_object().if_contains(id.name) : nullptr;
            const std::optional<std::string> key = value ? value_key(*value, id) : std::nullopt;
            if (!key)
                throw_invalid_value(attr.name + ": every element needs a \"value\"");
            if (!doc.contains_value(where, *key))
                doc.append_indexed(where, std::move(element));
        }
        return;
    }

    json::value* current = doc.find(where);
    json::array elements = current && current->is_array() ? std::move(current->get_array()) : json::array{};
    std::vector<std::size_t> written;
    for (json::value& element : incoming) {
        // Each incoming value is compared with every value present (at most
        // max_values_per_attribute): one op listing 20,000 repeats of a few
        // values would otherwise compare two million times.
        doc.examine(attr, elements.size());
        if (std::find(elements.begin(), elements.end(), element) != elements.end())
            continue;
        // Refused at once, not at the final validation: each later add would
        // compare with every value (scim/resource.hpp).
        if (elements.size() == max_values_per_attribute)
            throw_invalid_value(attr.name + ": at most " + std::to_string(max_values_per_attribute) +
                                " values are kept");
        written.push_back(elements.size());
        elements.push_back(std::move(element));
    }
    keep_single_primary(elements, written, attr);
    doc.set(where, std::move(elements));
}

} // namespace

void apply_add(patch_document& doc, const patch_target& target, const json::value& value)
{
    // Adding null adds nothing (RFC 7643 §2.5: null is "unassigned").
    if (value.is_null())
        return;
    if (target.filter)
        return assign_filtered(doc, target, value);
    if (target.where.sub)
        return assign_sub(doc, target.where, value);

    const attribute& attr = *target.where.attr;
    json::value normalized = normalize_patch_value(value, attr);
    if (!may_write(doc, target.where, normalized))
        return;
    if (attr.multi_valued && normalized.is_array())
        return add_elements(doc, target.where, std::move(normalized.get_array()));
    assign_single(doc, target.where, std::move(normalized));
}

} // namespace scim
