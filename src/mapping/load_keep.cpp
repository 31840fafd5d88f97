// response.keep: the values a write's answer hands back for later requests,
// and, before any template of a resource is read, the names its requests
// keep, so that ${kept.…} and ${membership.…} are checked against them.

#include "mapping/loader_parts.hpp"

namespace mapping::detail {

std::vector<kept_value_spec> read_keep(load_state& state, const YAML::Node& node)
{
    std::vector<kept_value_spec> out;
    if (!node)
        return out;
    if (!node.IsMap() || node.size() == 0) {
        state.reader.error(node, "'keep' must map names to where the answer has the value: a JSON pointer into "
                                 "the body (/id) or {header: ETag}");
        return out;
    }
    for (const auto& entry : node) {
        kept_value_spec kept;
        kept.name = entry.first.Scalar();
        const bool plain_name = !kept.name.empty() && kept.name.find_first_of(".|{}$ ") == std::string::npos;
        if (!plain_name)
            state.reader.error(entry.first, "'" + kept.name + "' cannot name a kept value, expected a name such as "
                                            "membership_id (no dots, bars, braces or spaces)");
        if (entry.second.IsMap()) {
            if (!state.reader.check_map(entry.second, "keep '" + kept.name + "'", {"header"}, {"header"}))
                continue;
            kept.header = state.reader.text(entry.second, "header").value_or("");
            if (kept.header.empty())
                state.reader.error(entry.second, "expected the name of a response header, such as ETag");
        } else if (entry.second.IsScalar() && (entry.second.Scalar().empty() || entry.second.Scalar().front() == '/')) {
            kept.pointer = entry.second.Scalar();
        } else {
            state.reader.error(entry.second, "expected a JSON pointer into the answer's body (/id) or {header: ETag}");
            continue;
        }
        if (plain_name)
            out.push_back(std::move(kept));
    }
    return out;
}

namespace {

// A request's keep: names go to the membership's list when the request is
// sent once per member, to the resource's otherwise.
void collect_request(const YAML::Node& request, kept_names& out)
{
    if (!request || !request.IsMap())
        return;
    const YAML::Node keep = request["response"] && request["response"].IsMap() ? request["response"]["keep"]
                                                                              : YAML::Node();
    if (!keep || !keep.IsMap())
        return;
    const YAML::Node each = request["for_each_member"];
    bool per_member = false;
    if (each && each.IsScalar() && !YAML::convert<bool>::decode(each, per_member))
        per_member = false;
    for (const auto& entry : keep)
        (per_member ? out.membership : out.resource).push_back(entry.first.Scalar());
}

void collect_requests(const YAML::Node& holder, kept_names& out)
{
    if (!holder || !holder.IsMap())
        return;
    collect_request(holder["request"], out);
    if (const YAML::Node many = holder["requests"]; many && many.IsSequence())
        for (const auto& element : many)
            collect_request(element, out);
}

} // namespace

kept_names collect_kept_names(const YAML::Node& resource)
{
    kept_names out;
    if (!resource.IsMap())
        return out;
    if (const YAML::Node attributes = resource["attributes"]; attributes && attributes.IsSequence())
        for (const auto& attribute : attributes)
            if (attribute.IsMap())
                collect_request(attribute["update"], out);
    const YAML::Node operations = resource["operations"];
    if (!operations || !operations.IsMap())
        return out;
    for (const auto& entry : operations) {
        const YAML::Node& operation = entry.second;
        collect_requests(operation, out);
        if (!operation.IsMap())
            continue;
        if (const YAML::Node lookup = operation["lookup"]; lookup && lookup.IsSequence())
            for (const auto& element : lookup)
                collect_request(element, out);
        if (const YAML::Node on_change = operation["on_change"]; on_change && on_change.IsMap())
            for (const auto& trigger : on_change)
                collect_requests(trigger.second, out);
    }
    return out;
}

} // namespace mapping::detail
