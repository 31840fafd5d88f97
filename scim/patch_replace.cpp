#include "scim/patch_elements.hpp"

namespace scim {

namespace json = boost::json;

// RFC 7644 §3.5.2.3. Replace differs from add only on a whole multi-valued
// attribute, whose values it replaces ("replace members []" empties the
// group, IDP-COMPAT 11), and on null, which unassigns (RFC 7643 §2.5).
void apply_replace(patch_document& doc, const patch_target& target, const json::value& value)
{
    if (target.filter)
        return assign_filtered(doc, target, value);
    if (target.where.sub)
        return assign_sub(doc, target.where, value);

    const attribute& attr = *target.where.attr;
    json::value normalized = normalize_patch_value(value, attr);
    if (!may_write(doc, target.where, normalized))
        return;
    if (attr.multi_valued && normalized.is_array())
        doc.name_values(attr, normalized.get_array().size());
    if (attr.multi_valued || normalized.is_null())
        return doc.set(target.where, std::move(normalized));
    assign_single(doc, target.where, std::move(normalized));
}

} // namespace scim
