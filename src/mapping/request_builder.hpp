#pragma once
// Internal to the renderer: one request_spec plus a scope -> one rendered
// request. Separate from the operation logic so that the login, progress and
// operation requests share it.

#include "mapping/request_renderer.hpp"

namespace mapping::detail {

struct build_outcome {
    std::optional<rendered_request> request;
    render_failure failure = render_failure::none;
    std::string error;
};

// `fields` (flat, by vendor field name; nulls dropped unless `keep_nulls`)
// are merged into the body at spec.fields_at, under what the body template
// itself says. Null `fields`: the body is the template alone.
build_outcome build_request(const mapping_file& mapping, const request_spec& spec, const render_scope& scope,
                            const boost::json::object* fields, bool keep_nulls, std::string purpose);

enum class rendered { present, absent, failed };

// A JSON template rendered: `absent` when it is one placeholder without a
// value (or an array all of whose elements are), which a body leaves out;
// `keep_nulls` renders those as null instead. `failed` fills `failure`.
rendered render_json(const body_template& t, const render_scope& scope, bool keep_nulls, boost::json::value& out,
                     render_outcome& failure);

// "a.b" = 1 -> {"a": {"b": 1}}.
boost::json::object nest_fields(const boost::json::object& flat, bool keep_nulls);

std::string percent_encode(std::string_view text, bool keep_slash);

} // namespace mapping::detail
