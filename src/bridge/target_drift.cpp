#include "bridge/target_drift.hpp"

#include "mapping/response_reader.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace bridge {

std::string display_name_of(const boost::json::object& resource)
{
    for (const char* name : {"userName", "displayName"})
        if (const auto* value = resource.if_contains(name); value && value->is_string())
            return std::string(value->as_string());
    return {};
}

bool is_drift(drift_kind kind)
{
    return kind != drift_kind::not_linked;
}

type_drift find_drift(const mapping::resource_mapping& resource, const std::vector<stored_resource>& stored,
                      const vendor_listing& listing, const mapping::render_input& context)
{
    type_drift out;
    std::unordered_map<std::string_view, const vendor_record*> by_id;
    for (const auto& record : listing.records)
        by_id.emplace(record.vendor_id, &record);
    std::unordered_set<std::string_view> linked;

    for (const auto& mine : stored) {
        drift_finding finding;
        finding.scim_id = mine.scim_id;
        finding.name = display_name_of(mine.resource);
        if (!mine.vendor_id) {
            finding.kind = drift_kind::not_linked;
            out.findings.push_back(std::move(finding));
            continue;
        }
        finding.vendor_id = *mine.vendor_id;
        const auto found = by_id.find(*mine.vendor_id);
        if (found == by_id.end()) {
            finding.kind = drift_kind::missing_at_vendor;
            out.findings.push_back(std::move(finding));
            continue;
        }
        linked.insert(found->first);
        finding.attributes = compare_record(resource, mine.resource, found->second->record, context);
        if (finding.attributes.empty()) {
            ++out.in_sync;
            continue;
        }
        finding.kind = drift_kind::fields_differ;
        finding.record = found->second;
        out.findings.push_back(std::move(finding));
    }

    // Where the mapping's delete is a deactivation (its `deactivate` without a
    // `delete`, or a `delete` that sends no HTTP DELETE: a status or exit date
    // set), a deleted resource leaves an inactive record behind, unlinked:
    // what the bridge did, not drift.
    const auto* remove = resource.find(mapping::operation::remove);
    const bool delete_deactivates =
        remove ? std::none_of(remove->requests.begin(), remove->requests.end(),
                              [](const mapping::request_spec& r) { return r.method == "DELETE"; })
               : resource.find(mapping::operation::deactivate) != nullptr;
    for (const auto& record : listing.records) {
        if (linked.contains(record.vendor_id))
            continue;
        const auto view = mapping::vendor_to_scim(resource, record.record, context.lookup);
        if (const auto* active = view.attributes.if_contains("active");
            delete_deactivates && active && active->is_bool() && !active->as_bool())
            continue;
        drift_finding finding;
        finding.kind = drift_kind::unknown_to_bridge;
        finding.vendor_id = record.vendor_id;
        finding.name = display_name_of(view.attributes);
        finding.record = &record;
        out.findings.push_back(std::move(finding));
    }
    return out;
}

} // namespace bridge
