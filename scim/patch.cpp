#include "scim/patch.hpp"

#include "scim/error.hpp"
#include "scim/patch_limits.hpp"
#include "scim/patch_target.hpp"
#include "scim/resource.hpp"

namespace scim {

namespace json = boost::json;

namespace {

void apply_operation(patch_document& doc, const patch_operation& operation)
{
    if (!operation.path)
        return apply_without_path(doc, operation.op, operation.value);

    // A path that is just an extension's URN targets the extension object
    // as a whole, e.g. remove "urn:…:enterprise:2.0:User".
    if (const schema* extension = doc.type().find_extension(*operation.path)) {
        if (operation.op != patch_op_kind::remove)
            return apply_without_path(doc, operation.op, json::object{{extension->id, operation.value}});
        for (const attribute& attr : extension->attributes)
            apply_remove(doc, patch_target{{extension, &attr, nullptr}, nullptr, nullptr}, nullptr);
        return;
    }

    const patch_target target = resolve_patch_target(doc.type(), *operation.path);
    switch (operation.op) {
    case patch_op_kind::add: return apply_add(doc, target, operation.value);
    case patch_op_kind::replace: return apply_replace(doc, target, operation.value);
    case patch_op_kind::remove: return apply_remove(doc, target, operation.value);
    }
}

std::string_view op_name(patch_op_kind op)
{
    switch (op) {
    case patch_op_kind::add: return "add";
    case patch_op_kind::replace: return "replace";
    case patch_op_kind::remove: return "remove";
    }
    return "";
}

} // namespace

json::object apply_patch(const json::object& resource, const json::value& patch_request, const resource_type& type,
                         const patch_limits& limits)
{
    const std::vector<patch_operation> operations = parse_patch_request(patch_request, limits);
    // All-or-nothing: every operation edits a private copy, which replaces
    // the resource only once all of them, and validation, have succeeded.
    patch_document doc(resource, type, limits.max_elements_examined, limits.max_member_values);
    for (std::size_t i = 0; i < operations.size(); ++i) {
        try {
            apply_operation(doc, operations[i]);
        } catch (const error& e) {
            // Name the failing operation: an IdP's log shows only `detail`.
            throw error(e.status(), e.type(),
                        "Operations[" + std::to_string(i) + "] (" + std::string(op_name(operations[i].op))
                            + (operations[i].path ? " \"" + *operations[i].path + "\"" : std::string()) + "): " + e.detail());
        }
    }
    json::object patched = doc.finish();
    validate_resource(patched, type, &resource);
    return patched;
}

json::object apply_patch(const json::object& resource, const json::value& patch_request, const resource_type& type)
{
    return apply_patch(resource, patch_request, type, patch_limits{});
}

} // namespace scim
