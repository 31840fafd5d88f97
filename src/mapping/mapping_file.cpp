#include "mapping/mapping_file.hpp"

#include "mapping/template_reads.hpp"

#include <algorithm>
#include <array>
#include <functional>

namespace mapping {

namespace {

constexpr std::array<std::pair<std::string_view, operation>, 9> operation_names{{
    {"create", operation::create},
    {"get", operation::get},
    {"list", operation::list},
    {"update", operation::update},
    {"deactivate", operation::deactivate},
    {"reactivate", operation::reactivate},
    {"delete", operation::remove},
    {"add_members", operation::add_members},
    {"remove_members", operation::remove_members},
}};

} // namespace

std::string_view to_string(operation op)
{
    for (const auto& [name, o] : operation_names)
        if (o == op)
            return name;
    return "?";
}

std::optional<operation> parse_operation(std::string_view name)
{
    for (const auto& [text, op] : operation_names)
        if (text == name)
            return op;
    return std::nullopt;
}

bool attribute_mapping::written_on(operation op) const
{
    return dir != direction::from_vendor && std::find(on.begin(), on.end(), op) != on.end();
}

bool resource_mapping::carries_active(operation op) const
{
    const auto is_active = [](const scim_path& path) {
        return path.urn.empty() && path.attribute == "active" && path.sub_attribute.empty();
    };
    for (const auto& a : attributes)
        if (a.scim && is_active(*a.scim) && a.written_on(op))
            return true;
    if (const operation_spec* spec = find(op))
        for (const auto& request : spec->requests)
            for (const scim_path* path : scim_reads(request))
                if (is_active(*path))
                    return true;
    return false;
}

namespace {

// Whether the vendor is sent an attribute `which` picks: mapped to the
// vendor, watched by an on_change trigger, or read by a request (the
// membership requests' only when `membership_requests`).
bool sends(const resource_mapping& resource, const std::function<bool(const scim_path&)>& which,
           bool membership_requests)
{
    for (const auto& a : resource.attributes)
        if (a.scim && which(*a.scim) && a.dir != direction::from_vendor)
            return true;
    for (const auto& [op, spec] : resource.operations) {
        for (const auto& trigger : spec.on_change)
            if (which(trigger.attribute))
                return true;
        if (!membership_requests && (op == operation::add_members || op == operation::remove_members))
            continue;
        for (const auto& request : spec.requests)
            for (const scim_path* path : scim_reads(request))
                if (which(*path))
                    return true;
    }
    return false;
}

} // namespace

bool resource_mapping::sends_write_only() const
{
    return sends(*this, write_only, true);
}

bool resource_mapping::reads_all_members() const
{
    return sends(
        *this,
        [](const scim_path& path) {
            return (path.urn.empty() || path.urn == "urn:ietf:params:scim:schemas:core:2.0:Group") &&
                   path.attribute == "members";
        },
        false);
}

const operation_spec* resource_mapping::find(operation op) const
{
    auto it = operations.find(op);
    return it == operations.end() ? nullptr : &it->second;
}

const resource_mapping* mapping_file::find(std::string_view resource_type) const
{
    auto it = resources.find(resource_type);
    return it == resources.end() ? nullptr : &it->second;
}

} // namespace mapping
