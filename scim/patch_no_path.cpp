#include "scim/patch_target.hpp"

#include "scim/error.hpp"

#include <boost/json/object.hpp>

namespace scim {

namespace json = boost::json;

namespace {

// One key of a path-less value: "displayName", "name.givenName",
// "urn:…:enterprise:2.0:User:department", or a key inside the extension's
// object (`extension` is then that schema).
void apply_key(patch_document& doc, patch_op_kind op, const schema* extension, std::string_view key,
               const json::value& value)
{
    attribute_path path;
    try {
        path = parse_attribute_path(key);
    } catch (const error&) {
        return;  // not an attribute name at all: an IdP's extra key (IDP-COMPAT 7)
    }
    if (extension != nullptr) {
        if (!path.schema_urn.empty())
            return;
        path.schema_urn = extension->id;
    }
    const std::optional<resolved_attribute> resolved = resolve(doc.type(), path);
    // IDP-COMPAT 7 and 8: unknown attributes, and read-only ones such as the
    // group's own `id` in Okta's rename or `meta`, are ignored, not refused.
    if (!resolved || resolved->attr->mutability == mutability::read_only
        || (resolved->sub && resolved->sub->mutability == mutability::read_only))
        return;
    if (resolved->sub && resolved->attr->multi_valued)
        throw_invalid_path("\"" + std::string(key) + "\": select elements of " + resolved->attr->name
                           + " with a value filter in \"path\"");
    const patch_target target{*resolved, nullptr, nullptr};
    if (op == patch_op_kind::add)
        apply_add(doc, target, value);
    else
        apply_replace(doc, target, value);
}

} // namespace

void apply_without_path(patch_document& doc, patch_op_kind op, const json::value& value)
{
    if (value.is_null())
        return;
    if (!value.is_object())
        throw_invalid_value("without a \"path\", \"value\" must be an object of attributes");
    for (const auto& entry : value.get_object()) {
        // {"urn:…:enterprise:2.0:User": {"department": "…"}}
        if (const schema* extension = doc.type().find_extension(entry.key())) {
            if (entry.value().is_object())
                for (const auto& inner : entry.value().get_object())
                    apply_key(doc, op, extension, inner.key(), inner.value());
            continue;
        }
        apply_key(doc, op, nullptr, entry.key(), entry.value());
    }
}

} // namespace scim
