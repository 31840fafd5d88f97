// The vendor view of a SCIM resource: each attribute mapping's source,
// through its transforms, into a vendor field.

#include "mapping/request_builder.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace mapping {
namespace json = boost::json;

namespace {

std::string generate_secret(const generate_spec& spec, const random_source& random)
{
    std::string out;
    out.reserve(spec.length);
    const std::size_t n = spec.charset.size();
    // Rejection sampling keeps every character equally likely.
    const unsigned limit = 256 - (256 % n);
    while (out.size() < spec.length) {
        unsigned char bytes[64];
        if (random)
            random(bytes, sizeof bytes);
        else if (RAND_bytes(bytes, sizeof bytes) != 1)
            throw std::runtime_error("OpenSSL RAND_bytes failed");
        for (unsigned char b : bytes)
            if (b < limit && out.size() < spec.length)
                out += spec.charset[b % n];
    }
    return out;
}

} // namespace

fields_result render_fields(const resource_mapping& resource, operation op, const json::object* scim_resource,
                            const render_input& input)
{
    fields_result out;
    render_scope scope;
    scope.parameters = input.parameters;
    scope.secrets = &input.secrets;
    scope.resource = scim_resource;
    scope.vendor_id = input.vendor_id;
    scope.revealed = &out.secrets;
    transform_context context{&scope, &input.lookup};
    for (const auto& a : resource.attributes) {
        if (!a.written_on(op))
            continue;
        json::value value;
        if (a.scim) {
            const json::value* found = scim_resource ? find_value(*scim_resource, *a.scim) : nullptr;
            value = found ? *found : json::value(nullptr);
        } else if (a.value) {
            render_outcome rendered = render_template(*a.value, scope);
            if (!rendered.error.empty()) {
                out.failure = rendered.needs_vendor_id ? render_failure::not_linked : render_failure::configuration;
                out.error = "field '" + a.field + "': " + rendered.error;
                return out;
            }
            value = std::move(rendered.value);
        } else if (a.json_value) {
            render_outcome failure;
            const detail::rendered r = detail::render_json(*a.json_value, scope, false, value, failure);
            if (r == detail::rendered::failed) {
                out.failure = failure.needs_vendor_id ? render_failure::not_linked : render_failure::configuration;
                out.error = "field '" + a.field + "': " + failure.error;
                return out;
            }
            if (r == detail::rendered::absent)
                value = nullptr;  // `["${scim.title}"]` without a title: the field has no value
        } else if (a.generate) {
            std::string secret = generate_secret(*a.generate, input.random);
            out.secrets.push_back(secret);
            value = json::string(secret);
        }
        for (const auto& t : a.transforms) {
            transform_outcome step = apply_forward(t, std::move(value), context);
            if (!step.error.empty()) {
                out.failure = render_failure::invalid_value;
                out.error = (a.scim ? a.scim->text : "field '" + a.field + "'") + ": " + step.error;
                return out;
            }
            value = std::move(step.value);
        }
        // A write-only attribute (the password) is shown nowhere, in whatever form it is sent.
        if (a.scim && write_only(*a.scim) && value.is_string() && !value.as_string().empty())
            out.secrets.push_back(std::string(value.as_string()));
        out.fields[a.field] = std::move(value);
    }
    return out;
}

} // namespace mapping
