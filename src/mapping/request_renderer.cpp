// Which requests a SCIM operation becomes: the operation's own requests,
// the update style's choice of fields, and active transitions.

#include "mapping/request_builder.hpp"
#include "mapping/template_reads.hpp"

#include <algorithm>

namespace mapping {
namespace json = boost::json;
using detail::build_request;

std::string rendered_request::target() const
{
    std::string out = path;
    for (std::size_t i = 0; i < query.size(); ++i)
        out += (i == 0 ? "?" : "&") + detail::percent_encode(query[i].first, false) + "=" +
               detail::percent_encode(query[i].second, false);
    return out;
}

namespace {

struct renderer {
    const mapping_file& mapping;
    const resource_mapping& resource;
    const render_input& input;
    render_result result;
    std::vector<std::string> revealed;

    render_scope scope(const json::object* fields) 
    {
        render_scope s;
        s.parameters = input.parameters;
        s.secrets = &input.secrets;
        s.resource = input.new_resource;
        s.fields = fields;
        s.vendor_id = result.vendor_id ? result.vendor_id : input.vendor_id;
        s.page = input.page;
        s.request_id = input.request_id;
        s.kept = input.kept;
        s.revealed = &revealed;
        return s;
    }

    bool fail(render_failure failure, std::string error)
    {
        result.failure = failure;
        result.error = std::move(error);
        result.requests.clear();
        return false;
    }

    // The mapped fields that may join a body: those `in_body: false` keeps
    // for templates are taken out (into `storage`).
    const json::object* body_fields_of(const json::object* fields, json::object& storage) const
    {
        if (!fields)
            return nullptr;
        const bool any_template_only = std::any_of(resource.attributes.begin(), resource.attributes.end(),
                                                   [](const attribute_mapping& a) { return !a.in_body; });
        if (!any_template_only)
            return fields;
        storage = *fields;
        for (const auto& a : resource.attributes)
            if (!a.in_body)
                storage.erase(a.field);
        return &storage;
    }

    bool add(const request_spec& spec, const render_scope& s, const json::object* fields_for_body, bool keep_nulls,
             std::string purpose, std::vector<std::string> attributes = {})
    {
        json::object storage;
        const json::object* body_fields = body_fields_of(fields_for_body, storage);
        detail::build_outcome built = build_request(mapping, spec, s, body_fields, keep_nulls, std::move(purpose));
        if (!built.request)
            return fail(built.failure, std::move(built.error));
        built.request->scim_attributes = std::move(attributes);
        result.requests.push_back(std::move(*built.request));
        return true;
    }

    std::optional<fields_result> fields(operation op, const json::object* resource_state)
    {
        fields_result f = render_fields(resource, op, resource_state, input);
        revealed.insert(revealed.end(), f.secrets.begin(), f.secrets.end());
        if (!f.error.empty()) {
            fail(f.failure, std::move(f.error));
            return std::nullopt;
        }
        return f;
    }

    // Requests of a plain operation; fields included per each request's mode.
    bool simple(operation op, const operation_spec& spec, fields_mode automatic,
                const std::vector<std::string>& attributes = {})
    {
        auto f = fields(op, input.new_resource);
        if (!f)
            return false;
        for (const auto& request : spec.requests) {
            const fields_mode mode = request.fields == fields_mode::automatic ? automatic : request.fields;
            const json::object* body_fields = mode == fields_mode::none ? nullptr : &f->fields;
            if (!add(request, scope(&f->fields), body_fields, request.send_nulls, std::string(to_string(op)),
                     attributes))
                return false;
        }
        return true;
    }

    bool create(const operation_spec* spec)
    {
        const create_spec& c = resource.create;
        if (c.style == create_style::client_chooses_id && c.id) {
            render_outcome id = render_template(*c.id, scope(nullptr));
            if (!id.error.empty())
                return fail(render_failure::configuration, "vendor id: " + id.error);
            if (id.value.is_null() || to_text(id.value).empty())
                return fail(render_failure::invalid_value, "the vendor id rendered from '" + c.id->text() + "' is empty");
            result.vendor_id = to_text(id.value);
        }
        // Look-ups come first; the backend stops at the first match.
        if (!c.lookup.empty()) {
            auto f = fields(operation::create, input.new_resource);
            if (!f)
                return false;
            for (const auto& lookup : c.lookup) {
                if (lookup.only_if) {
                    render_outcome key = render_template(*lookup.only_if, scope(&f->fields));
                    if (!key.error.empty())
                        return fail(render_failure::configuration, "only_if of a look-up: " + key.error);
                    if (key.value.is_null() || to_text(key.value).empty())
                        continue;  // nothing to look up by: the look-up cannot find this resource
                }
                if (!add(lookup, scope(&f->fields), nullptr, false, "lookup"))
                    return false;
            }
        }
        if (c.style == create_style::link_existing)
            return true;
        return spec ? simple(operation::create, *spec, fields_mode::all) : fail(render_failure::unsupported, "no create");
    }

    // The state before as the comparison renders it. SCIM `meta` (the
    // bridge's own bookkeeping: lastModified and version are new on every
    // write) is the new state's, so a template reading it never makes a
    // change by itself but carries the new value along with a real one.
    // Null: there is no state before (a record just linked), everything is sent.
    const json::object* before_state = nullptr;

    render_scope scope_before(const json::object* fields)
    {
        render_scope s = scope(fields);
        s.resource = before_state;
        return s;
    }

    // What the vendor receives of a request: its method, path, query,
    // headers and body. The purpose, the secrets to mask and the
    // bookkeeping around it are ours.
    static bool same_for_vendor(const rendered_request& a, const rendered_request& b)
    {
        return a.method == b.method && a.path == b.path && a.query == b.query && a.headers == b.headers &&
               a.body == b.body;
    }

    // Whether `request`, rendered from the state after (`now`, its fields
    // `now_fields`) and from the state before (`was`, `was_fields`), differs
    // in what the vendor would receive. A rendering that fails counts as a
    // difference: the request is then rendered for real, and its failure
    // reported there.
    bool differs(const request_spec& request, render_scope now, render_scope was, const json::object* now_fields,
                 const json::object* was_fields, bool keep_nulls) const
    {
        std::vector<std::string> scratch;
        now.revealed = &scratch;
        was.revealed = &scratch;
        json::object now_storage, was_storage;
        auto a = build_request(mapping, request, now, body_fields_of(now_fields, now_storage), keep_nulls, "compare");
        auto b = build_request(mapping, request, was, body_fields_of(was_fields, was_storage), keep_nulls, "compare");
        return !a.request || !b.request || !same_for_vendor(*a.request, *b.request);
    }

    // The SCIM attributes `request`'s own templates read whose value changed:
    // once it is sent, the vendor holds their new values (what a failure
    // later in the sequence leaves the store with).
    void add_changed_reads(const request_spec& request, std::vector<std::string>& paths) const
    {
        for (const scim_path* path : scim_reads(request)) {
            const json::value* now = input.new_resource ? find_value(*input.new_resource, *path) : nullptr;
            const json::value* was = before_state ? find_value(*before_state, *path) : nullptr;
            const bool changed = now && was ? *now != *was : now != was;
            if (changed && std::find(paths.begin(), paths.end(), path->text) == paths.end())
                paths.push_back(path->text);
        }
    }

    // An update is sent when what the vendor would receive changed: each
    // request is rendered from the state before and from the state after
    // (mapped fields and templates alike) and the two compared. A change
    // that alters nothing the vendor receives sends nothing.
    bool update(const operation_spec* spec)
    {
        auto after = fields(operation::update, input.new_resource);
        if (!after)
            return false;
        json::object was;
        if (input.old_resource) {
            was = *input.old_resource;
            const json::value* meta = input.new_resource ? input.new_resource->if_contains("meta") : nullptr;
            if (meta)
                was["meta"] = *meta;
            else
                was.erase("meta");
            before_state = &was;
        }
        auto before = fields(operation::update, before_state);
        if (!before)
            return false;
        // A generated secret is new on every render: both renderings get the
        // one drawn for this update, so it travels with a real change but
        // never makes one by itself.
        for (const auto& a : resource.attributes)
            if (a.generate && a.written_on(operation::update))
                before->fields[a.field] = after->fields.at(a.field);
        const bool deactivating = active_change() == false;
        if (!deactivating && !transition())
            return false;
        if (resource.update == update_style::per_attribute) {
            if (!per_attribute(*after, *before))
                return false;
        } else if (spec && !whole(*spec, *after, *before)) {
            return false;
        }
        if (spec && !on_change(*spec, after->fields))
            return false;
        return deactivating ? transition() : true;
    }

    // full and delta. The update is a change when one of its requests,
    // rendered with every mapped field that joins it, differs between the
    // two states. Then its requests are sent (full: with every field), except
    // that a request carrying only the changed fields (delta) goes only when
    // it differs itself: it would tell the vendor nothing new.
    bool whole(const operation_spec& spec, const fields_result& after, const fields_result& before)
    {
        const fields_mode automatic = resource.update == update_style::delta ? fields_mode::changed : fields_mode::all;
        auto mode_of = [&](const request_spec& request) {
            return request.fields == fields_mode::automatic ? automatic : request.fields;
        };
        std::vector<bool> moved;
        for (const auto& request : spec.requests) {
            const fields_mode mode = mode_of(request);
            const bool with_fields = mode != fields_mode::none;
            moved.push_back(!before_state ||
                            differs(request, scope(&after.fields), scope_before(&before.fields),
                                    with_fields ? &after.fields : nullptr, with_fields ? &before.fields : nullptr,
                                    mode == fields_mode::changed || request.send_nulls));
        }
        if (std::find(moved.begin(), moved.end(), true) == moved.end())
            return true;

        // What a delta body carries: the mapped fields whose rendered value
        // changed (a removed one as null), and a generated secret.
        json::object changed;
        std::vector<std::string> paths;
        for (const auto& a : resource.attributes) {
            if (!a.written_on(operation::update))
                continue;
            const json::value& now = after.fields.at(a.field);
            if (!a.generate) {
                if (before_state && before.fields.at(a.field) == now)
                    continue;
                paths.push_back(a.scim ? a.scim->text : a.field);
            }
            changed[a.field] = now;
        }
        for (const auto& request : spec.requests)
            add_changed_reads(request, paths);
        for (std::size_t i = 0; i < spec.requests.size(); ++i) {
            const auto& request = spec.requests[i];
            const fields_mode mode = mode_of(request);
            if (mode == fields_mode::changed && !moved[i])
                continue;
            const json::object* body_fields = mode == fields_mode::all       ? &after.fields
                                              : mode == fields_mode::changed ? &changed
                                                                             : nullptr;
            if (!add(request, scope(&after.fields), body_fields, mode == fields_mode::changed || request.send_nulls,
                     "update", paths))
                return false;
        }
        return true;
    }

    // per_attribute: each attribute's own request, rendered from the state
    // before (its old value as ${value}) and from the state after, is sent
    // when the two differ, in the attributes' order. A generated field's
    // request goes along with the others, never alone.
    bool per_attribute(const fields_result& after, const fields_result& before)
    {
        auto sends = [](const attribute_mapping& a) { return a.update_request && a.written_on(operation::update); };
        std::vector<const attribute_mapping*> moved;
        for (const auto& a : resource.attributes) {
            if (!sends(a) || a.generate)
                continue;
            render_scope now = scope(&after.fields), was = scope_before(&before.fields);
            now.value = &after.fields.at(a.field);
            was.value = &before.fields.at(a.field);
            if (!before_state || differs(*a.update_request, now, was, nullptr, nullptr, false))
                moved.push_back(&a);
        }
        if (moved.empty())
            return true;
        for (const auto& a : resource.attributes) {
            if (!sends(a) || (!a.generate && std::find(moved.begin(), moved.end(), &a) == moved.end()))
                continue;
            render_scope s = scope(&after.fields);
            s.value = &after.fields.at(a.field);
            std::vector<std::string> paths{a.scim ? a.scim->text : a.field};
            add_changed_reads(*a.update_request, paths);
            if (!add(*a.update_request, s, nullptr, false, "update:" + a.field, std::move(paths)))
                return false;
        }
        return true;
    }

    // Whether the SCIM value at `path` differs between the old and the new
    // state (set, changed or removed). A write-only password is never
    // stored, so one the identity provider sends is always a change.
    bool scim_changed(const scim_path& path) const
    {
        const json::value* now = input.new_resource ? find_value(*input.new_resource, path) : nullptr;
        const json::value* was = input.old_resource ? find_value(*input.old_resource, path) : nullptr;
        return now && was ? *now != *was : now != was;
    }

    // on_change: after the update's own requests (the record is current
    // first), before a deactivation. Each request names its attribute, so a
    // failure in the sequence tells what the vendor holds.
    bool on_change(const operation_spec& spec, const json::object& fields)
    {
        for (const auto& trigger : spec.on_change) {
            if (!scim_changed(trigger.attribute))
                continue;
            for (const auto& request : trigger.requests)
                if (!add(request, scope(&fields), request.fields == fields_mode::all ? &fields : nullptr,
                         request.send_nulls, "on_change:" + trigger.attribute.text, {trigger.attribute.text}))
                    return false;
        }
        return true;
    }

    // true/false: `active` went to that value; nullopt: no change.
    std::optional<bool> active_change() const
    {
        auto active = [](const json::object* r) -> std::optional<bool> {
            if (!r)
                return std::nullopt;
            const json::value* v = r->if_contains("active");
            return v && v->is_bool() ? std::optional<bool>(v->as_bool()) : std::nullopt;
        };
        const auto before = active(input.old_resource), after = active(input.new_resource);
        // An absent `active` reads as active (RFC 7643 leaves it to the provider; users exist to be used).
        if (!input.old_resource || before.value_or(true) == after.value_or(true))
            return std::nullopt;
        return after.value_or(true);
    }

    // Deactivate / reactivate calls, when declared, for an `active` change.
    bool transition()
    {
        const auto change = active_change();
        if (!change)
            return true;
        const operation op = *change ? operation::reactivate : operation::deactivate;
        const operation_spec* spec = resource.find(op);
        if (!spec)
            return true;  // then `active` travels as a mapped field, if at all
        return simple(op, *spec, fields_mode::none, {"active"});
    }

    bool members(operation op, const operation_spec& spec)
    {
        json::array vendor_ids;
        std::vector<std::string> scim_ids;   // of vendor_ids' members, in the same order
        for (const auto& id : input.member_ids) {
            std::optional<std::string> vendor =
                input.lookup ? input.lookup("User", id, lookup_direction::scim_to_vendor) : std::nullopt;
            if (vendor) {
                vendor_ids.emplace_back(json::string(*vendor));
                scim_ids.push_back(id);
            } else {
                result.unresolved_members.push_back(id);
            }
        }
        for (const auto& request : spec.requests) {
            render_scope s = scope(nullptr);
            s.members = &vendor_ids;
            if (!request.for_each_member) {
                if (!vendor_ids.empty() && !add(request, s, nullptr, false, std::string(to_string(op))))
                    return false;
                continue;
            }
            for (std::size_t i = 0; i < vendor_ids.size(); ++i) {
                s.member = &vendor_ids[i];
                s.membership = nullptr;
                if (input.membership_kept)
                    if (auto kept = input.membership_kept->find(scim_ids[i]); kept != input.membership_kept->end())
                        s.membership = &kept->second;
                if (!add(request, s, nullptr, false, std::string(to_string(op))))
                    return false;
                result.requests.back().member = scim_ids[i];
            }
        }
        return true;
    }
};

} // namespace

render_result render_operation(const mapping_file& mapping, const resource_mapping& resource, operation op,
                               const render_input& input)
{
    renderer r{mapping, resource, input, {}, {}, nullptr};
    const operation_spec* spec = resource.find(op);
    switch (op) {
    case operation::create: r.create(spec); break;
    case operation::update: r.update(spec); break;
    case operation::add_members:
    case operation::remove_members:
        if (spec)
            r.members(op, *spec);
        break;
    default:
        if (spec)
            r.simple(op, *spec, fields_mode::none);
        break;
    }
    if (!spec && op != operation::update && !(op == operation::create && resource.create.style == create_style::link_existing))
        r.fail(render_failure::unsupported,
               "the mapping for " + resource.type + " declares no '" + std::string(to_string(op)) + "' operation");
    for (auto& request : r.result.requests)
        request.secrets = r.revealed;
    return std::move(r.result);
}

render_result render_progress(const mapping_file& mapping, const render_input& input)
{
    render_result result;
    if (!mapping.async) {
        result.failure = render_failure::unsupported;
        result.error = "the mapping declares no asynchronous progress request";
        return result;
    }
    std::vector<std::string> revealed;
    render_scope scope;
    scope.parameters = input.parameters;
    scope.secrets = &input.secrets;
    scope.request_id = input.request_id;
    scope.vendor_id = input.vendor_id;
    scope.revealed = &revealed;
    detail::build_outcome built = build_request(mapping, mapping.async->progress, scope, nullptr, false, "progress");
    if (!built.request) {
        result.failure = built.failure;
        result.error = std::move(built.error);
        return result;
    }
    result.requests.push_back(std::move(*built.request));
    return result;
}

} // namespace mapping
