#include "mapping/request_builder.hpp"

#include <cctype>
#include <cstdio>

namespace mapping::detail {
namespace json = boost::json;

namespace {

// `over` wins; objects merge member by member.
void merge_into(json::object& base, const json::object& over)
{
    for (const auto& entry : over) {
        json::value* existing = base.if_contains(entry.key());
        if (existing && existing->is_object() && entry.value().is_object())
            merge_into(existing->as_object(), entry.value().as_object());
        else
            base[entry.key()] = entry.value();
    }
}

// The object at an RFC 6901 pointer inside `root`, created on the way.
json::object& object_at(json::object& root, std::string_view pointer)
{
    json::object* current = &root;
    while (!pointer.empty()) {
        pointer.remove_prefix(1);
        const std::size_t end = pointer.find('/');
        std::string token(pointer.substr(0, end));
        pointer = end == std::string_view::npos ? std::string_view{} : pointer.substr(end);
        for (std::size_t p = 0; (p = token.find("~1", p)) != std::string::npos;)
            token.replace(p, 2, "/");
        for (std::size_t p = 0; (p = token.find("~0", p)) != std::string::npos;)
            token.replace(p, 2, "~");
        json::value& next = (*current)[token];
        if (!next.is_object())
            next = json::object();
        current = &next.as_object();
    }
    return *current;
}

render_failure classify(const render_outcome& r)
{
    return r.needs_vendor_id ? render_failure::not_linked : render_failure::configuration;
}

} // namespace

// A member or array element whose template is one placeholder without a
// value is left out (absent means absent, not null), so one mapping serves
// an identity provider that sends a value and one that does not; an array
// that loses every element so is left out too. `keep_nulls` (the request's
// send_nulls) sends them as null instead: the explicit way to clear.
rendered render_json(const body_template& t, const render_scope& scope, bool keep_nulls, json::value& out,
                     render_outcome& failure)
{
    switch (t.shape) {
    case body_template::kind::literal: out = t.literal; return rendered::present;
    case body_template::kind::text: {
        render_outcome r = render_template(t.text, scope);
        if (!r.error.empty()) {
            failure = std::move(r);
            return rendered::failed;
        }
        out = std::move(r.value);
        return out.is_null() && !keep_nulls ? rendered::absent : rendered::present;
    }
    case body_template::kind::object: {
        json::object object;
        for (std::size_t i = 0; i < t.keys.size(); ++i) {
            json::value member;
            const rendered r = render_json(t.values[i], scope, keep_nulls, member, failure);
            if (r == rendered::failed)
                return r;
            if (r == rendered::present)
                object[t.keys[i]] = std::move(member);
        }
        out = std::move(object);
        return rendered::present;
    }
    case body_template::kind::array: {
        json::array array;
        for (const auto& element : t.values) {
            json::value member;
            const rendered r = render_json(element, scope, keep_nulls, member, failure);
            if (r == rendered::failed)
                return r;
            if (r == rendered::present)
                array.push_back(std::move(member));
        }
        const bool emptied = array.empty() && !t.values.empty();
        out = std::move(array);
        return emptied ? rendered::absent : rendered::present;
    }
    }
    return rendered::failed;
}

std::string percent_encode(std::string_view text, bool keep_slash)
{
    std::string out;
    for (unsigned char c : text) {
        const bool unreserved = std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        }
    }
    return out;
}

json::object nest_fields(const json::object& flat, bool keep_nulls)
{
    json::object out;
    for (const auto& entry : flat) {
        if (entry.value().is_null() && !keep_nulls)
            continue;
        std::string_view name = entry.key();
        json::object* current = &out;
        for (std::size_t dot; (dot = name.find('.')) != std::string_view::npos; name.remove_prefix(dot + 1)) {
            json::value& next = (*current)[name.substr(0, dot)];
            if (!next.is_object())
                next = json::object();
            current = &next.as_object();
        }
        (*current)[name] = entry.value();
    }
    return out;
}

build_outcome build_request(const mapping_file& mapping, const request_spec& spec, const render_scope& scope,
                            const json::object* fields, bool keep_nulls, std::string purpose)
{
    rendered_request out;
    out.purpose = std::move(purpose);
    out.method = spec.method;
    out.idempotent = spec.idempotent;
    out.spec = &spec;
    // Placeholder values are encoded in the path (a vendor id with a '/'
    // must stay one segment); the template's literal text is taken as written.
    for (const auto& part : spec.path.parts()) {
        if (!part.slot) {
            out.path += part.literal;
            continue;
        }
        render_outcome r = render_template(template_string({part}, {}), scope);
        if (!r.error.empty())
            return {std::nullopt, classify(r), "path of " + out.purpose + ": " + r.error};
        out.path += percent_encode(to_text(r.value), false);
    }
    for (const auto& q : spec.query) {
        render_outcome r = render_template(q.value, scope);
        if (!r.error.empty())
            return {std::nullopt, classify(r), "query '" + q.name + "': " + r.error};
        if (!r.value.is_null())
            out.query.emplace_back(q.name, to_text(r.value));
    }
    for (const auto* headers : {&mapping.connection.headers, &spec.headers})
        for (const auto& h : *headers) {
            render_outcome r = render_template(h.value, scope);
            if (!r.error.empty())
                return {std::nullopt, classify(r), "header '" + h.name + "': " + r.error};
            // An absent value leaves the header out, as a query parameter: an
            // empty If-Match (a kept ETag not known yet) would be a precondition.
            if (!r.value.is_null())
                out.headers.emplace_back(h.name, to_text(r.value));
        }
    for (const auto& m : spec.response.match) {
        render_outcome r = render_template(m.expected, scope);
        if (!r.error.empty())
            return {std::nullopt, classify(r), "match '" + m.pointer + "': " + r.error};
        out.match.emplace_back(m.pointer, std::move(r.value));
    }
    std::optional<json::value> body;
    if (spec.body) {
        json::value value;
        render_outcome failure;
        // A whole body that renders to nothing is sent as rendered (null):
        // only members and elements are left out.
        if (render_json(*spec.body, scope, spec.send_nulls, value, failure) == rendered::failed)
            return {std::nullopt, classify(failure), "body of " + out.purpose + ": " + failure.error};
        body = std::move(value);
    }
    if (fields) {
        json::object merged = nest_fields(*fields, keep_nulls);
        if (spec.fields_at.empty()) {
            // The template's own members win over mapped fields of the same name.
            if (body && body->is_object())
                merge_into(merged, body->as_object());
            body = std::move(merged);
        } else {
            if (!body || !body->is_object())
                body = json::object();
            json::object& slot = object_at(body->as_object(), spec.fields_at);
            json::object own = slot;
            slot = std::move(merged);
            merge_into(slot, own);
        }
    }
    out.body = std::move(body);
    if (scope.revealed)
        out.secrets = *scope.revealed;
    return {std::move(out), render_failure::none, {}};
}

} // namespace mapping::detail
