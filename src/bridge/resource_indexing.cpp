#include "bridge/resource_indexing.hpp"

#include "bridge/unique_name.hpp"

#include <unordered_set>

namespace bridge {
namespace json = boost::json;

namespace {

std::optional<std::string> string_at(const json::object& o, std::string_view key)
{
    if (auto it = o.find(key); it != o.end() && it->value().is_string())
        return std::string(it->value().get_string());
    return std::nullopt;
}

} // namespace

store::index_values index_values_of(const std::string& type, const json::object& resource)
{
    store::index_values index;
    index.external_id = string_at(resource, "externalId");
    index.display_name = string_at(resource, "displayName");
    index.unique_name = unique_name_of(type, resource);
    if (type == "User") {
        index.user_name = string_at(resource, "userName");
        if (auto it = resource.find("emails"); it != resource.end() && it->value().is_array()) {
            for (const auto& email : it->value().get_array())
                if (email.is_object())
                    if (auto value = string_at(email.get_object(), "value"))
                        index.emails.push_back(std::move(*value));
        }
    }
    return index;
}

std::vector<std::string> member_ids_of(const json::object& group)
{
    std::vector<std::string> ids;
    if (auto it = group.find("members"); it != group.end() && it->value().is_array()) {
        ids.reserve(it->value().get_array().size());
        for (const auto& member : it->value().get_array())
            if (member.is_object())
                if (auto value = string_at(member.get_object(), "value"))
                    ids.push_back(std::move(*value));
    }
    return ids;
}

void diff_members(const json::object* before, const json::object* after, store::resource_write& write)
{
    const auto old_ids = before ? member_ids_of(*before) : std::vector<std::string>{};
    const auto new_ids = after ? member_ids_of(*after) : std::vector<std::string>{};
    const std::unordered_set<std::string> old_set(old_ids.begin(), old_ids.end());
    const std::unordered_set<std::string> new_set(new_ids.begin(), new_ids.end());
    for (const auto& id : new_set)
        if (!old_set.contains(id))
            write.members_added.push_back(id);
    for (const auto& id : old_set)
        if (!new_set.contains(id))
            write.members_removed.push_back(id);
}

} // namespace bridge
