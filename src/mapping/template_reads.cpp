#include "mapping/template_reads.hpp"

namespace mapping {

namespace {

void collect(const template_string& text, std::vector<const placeholder*>& out)
{
    for (const auto& part : text.parts())
        if (part.slot)
            out.push_back(&*part.slot);
}

void collect(const body_template& body, std::vector<const placeholder*>& out)
{
    if (body.shape == body_template::kind::text)
        collect(body.text, out);
    for (const auto& value : body.values)
        collect(value, out);
}

} // namespace

std::vector<const placeholder*> placeholders_of(const request_spec& request)
{
    std::vector<const placeholder*> out;
    collect(request.path, out);
    for (const auto* named : {&request.query, &request.headers})
        for (const auto& entry : *named)
            collect(entry.value, out);
    if (request.body)
        collect(*request.body, out);
    for (const auto& m : request.response.match)
        collect(m.expected, out);
    if (request.only_if)
        collect(*request.only_if, out);
    return out;
}

std::vector<const scim_path*> scim_reads(const request_spec& request)
{
    std::vector<const scim_path*> out;
    for (const placeholder* slot : placeholders_of(request))
        if (slot->kind == placeholder_kind::scim && slot->path)
            out.push_back(&*slot->path);
    return out;
}

} // namespace mapping
