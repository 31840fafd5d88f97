#include "mapping/render_scope.hpp"
#include "mapping/transform.hpp"

#include <boost/json/serialize.hpp>

namespace mapping {
namespace json = boost::json;

namespace {

// The value of one placeholder; `error` set when a required input is missing.
render_outcome resolve(const placeholder& slot, const render_scope& scope)
{
    switch (slot.kind) {
    case placeholder_kind::param: {
        if (scope.parameters)
            if (auto it = scope.parameters->find(slot.name); it != scope.parameters->end())
                return {json::string(it->second), {}};
        return {nullptr, "deployment parameter '" + slot.name + "' has no value"};
    }
    case placeholder_kind::secret: {
        std::optional<std::string> secret = scope.secrets && *scope.secrets ? (*scope.secrets)(slot.name) : std::nullopt;
        if (!secret)
            return {nullptr, "secret '" + slot.name + "' could not be resolved"};
        if (scope.revealed && !secret->empty())
            scope.revealed->push_back(*secret);
        return {json::string(*secret), {}};
    }
    case placeholder_kind::scim: {
        const json::value* v = scope.resource && slot.path ? find_value(*scope.resource, *slot.path) : nullptr;
        if (v && v->is_string() && !v->as_string().empty() && scope.revealed && write_only(*slot.path))
            scope.revealed->push_back(std::string(v->as_string()));
        return {v ? *v : json::value(nullptr), {}};
    }
    case placeholder_kind::field: {
        if (scope.fields)
            if (const json::value* v = scope.fields->if_contains(slot.name))
                return {*v, {}};
        return {nullptr, {}};
    }
    case placeholder_kind::vendor_id:
        if (!scope.vendor_id)
            return {nullptr, "the vendor id of this resource is not known yet", true};
        return {json::string(*scope.vendor_id), {}};
    case placeholder_kind::value: return {scope.value ? *scope.value : json::value(nullptr), {}};
    case placeholder_kind::request_id:
        if (!scope.request_id)
            return {nullptr, "no asynchronous request id to poll"};
        return {json::string(*scope.request_id), {}};
    case placeholder_kind::page:
        if (slot.name == "number")
            return {scope.page.number, {}};
        if (slot.name == "size")
            return {scope.page.size, {}};
        if (slot.name == "offset")
            return {scope.page.offset, {}};
        return {json::string(scope.page.cursor), {}};
    case placeholder_kind::member:
        if (slot.name.empty())
            return {scope.members ? json::value(*scope.members) : json::value(json::array()), {}};
        return {scope.member ? *scope.member : json::value(nullptr), {}};
    case placeholder_kind::kept: {
        // Absent until a request keeps it: rendered as any absent value.
        if (scope.kept)
            if (const json::value* v = scope.kept->if_contains(slot.name))
                return {*v, {}};
        return {nullptr, {}};
    }
    case placeholder_kind::membership: {
        // A membership is addressed by it: without it, the request would
        // reach some other URL (or none), so it is a failure, not an absence.
        if (scope.membership)
            if (const json::value* v = scope.membership->if_contains(slot.name))
                return {*v, {}};
        return {nullptr, "no value '" + slot.name + "' is kept for this membership (the member was added "
                         "before the mapping kept it, or outside the bridge)", true};
    }
    }
    return {nullptr, "unknown placeholder"};
}

// The placeholder's value through its own transforms (`${scim.userName|soql}`).
render_outcome resolve_transformed(const placeholder& slot, const render_scope& scope)
{
    render_outcome out = resolve(slot, scope);
    for (const auto& step : slot.transforms) {
        if (!out.error.empty())
            break;
        transform t;
        t.kind = step.kind;
        t.max_length = step.max_length;
        transform_outcome applied = apply_forward(t, std::move(out.value), {});
        out.value = std::move(applied.value);
        out.error = std::move(applied.error);
    }
    // An escaped secret is still the secret: masked in whatever form it has.
    if (slot.kind == placeholder_kind::secret && !slot.transforms.empty() && scope.revealed && out.value.is_string() &&
        !out.value.as_string().empty())
        scope.revealed->push_back(std::string(out.value.as_string()));
    return out;
}

} // namespace

std::string to_text(const json::value& value)
{
    if (value.is_string())
        return std::string(value.as_string());
    if (value.is_null())
        return {};
    return json::serialize(value);
}

render_outcome render_template(const template_string& text, const render_scope& scope)
{
    if (text.is_single_placeholder())
        return resolve_transformed(*text.parts().front().slot, scope);
    std::string out;
    for (const auto& part : text.parts()) {
        if (!part.slot) {
            out += part.literal;
            continue;
        }
        render_outcome piece = resolve_transformed(*part.slot, scope);
        if (!piece.error.empty())
            return piece;
        out += to_text(piece.value);
    }
    return {json::string(out), {}};
}

} // namespace mapping
