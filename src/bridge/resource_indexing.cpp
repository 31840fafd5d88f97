#include "bridge/resource_indexing.hpp"

#include "bridge/unique_name.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <span>
#include <string_view>
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

namespace {

// Views into the group's own strings: no copy of each id.
std::vector<std::string_view> member_views(const json::object* group)
{
    std::vector<std::string_view> ids;
    if (group == nullptr)
        return ids;
    if (auto it = group->find("members"); it != group->end() && it->value().is_array()) {
        ids.reserve(it->value().get_array().size());
        for (const auto& member : it->value().get_array())
            if (const json::object* object = member.if_object())
                if (auto value = object->find("value"); value != object->end() && value->value().is_string())
                    ids.push_back(value->value().get_string());
    }
    return ids;
}

using id_span = std::span<const std::string_view>;

// The ids of `from` that are in neither `elsewhere` nor `common`; `common`
// (the stretch both lists share) is hashed only when there is a candidate.
void only_in(id_span from, id_span elsewhere, id_span common_head, id_span common_tail,
             std::vector<std::string>& out)
{
    const std::unordered_set<std::string_view> other(elsewhere.begin(), elsewhere.end());
    std::vector<std::string_view> candidates;
    std::unordered_set<std::string_view> seen;
    for (std::string_view id : from)
        if (!other.contains(id) && seen.insert(id).second)
            candidates.push_back(id);
    if (candidates.empty())
        return;
    // Entra's one member per PATCH: a scan of the shared ends per candidate
    // costs less than hashing them.
    if (candidates.size() <= 4) {
        for (std::string_view id : candidates)
            if (std::find(common_head.begin(), common_head.end(), id) == common_head.end() &&
                std::find(common_tail.begin(), common_tail.end(), id) == common_tail.end())
                out.emplace_back(id);
        return;
    }
    std::unordered_set<std::string_view> common(common_head.begin(), common_head.end());
    common.insert(common_tail.begin(), common_tail.end());
    for (std::string_view id : candidates)
        if (!common.contains(id))
            out.emplace_back(id);
}

// The objects of the `ids` of `group`, as the store keeps them; a member
// named twice keeps its first object.
void add_entries(const json::object* group, const std::vector<std::string>& ids,
                 std::vector<store::member_entry>& out)
{
    if (ids.empty() || group == nullptr)
        return;
    std::unordered_set<std::string_view> wanted(ids.begin(), ids.end());
    const auto it = group->find("members");
    if (it == group->end() || !it->value().is_array())
        return;
    for (const auto& member : it->value().get_array()) {
        const json::object* object = member.if_object();
        if (object == nullptr)
            continue;
        const auto value = object->find("value");
        if (value != object->end() && value->value().is_string() && wanted.erase(value->value().get_string()) > 0)
            out.push_back({std::string(value->value().get_string()), json::serialize(*object)});
    }
}

} // namespace

// A PATCH leaves most of a membership where it was: an add appends, a
// remove takes out a few. The lists are compared position by position from
// both ends first, and only the stretch between (where they differ) is
// hashed: one member added to a group of 50,000 cost 40 ms of hashing
// 100,000 copied strings, now a pass of string comparisons. An id of the
// differing stretch is checked against the shared ends too (a list may
// name an id twice), so the result is the exact set difference, in linear
// time.
void diff_members(const json::object* before, const json::object* after, store::resource_write& write)
{
    const std::vector<std::string_view> old_ids = member_views(before);
    const std::vector<std::string_view> new_ids = member_views(after);
    std::size_t head = 0;
    while (head < old_ids.size() && head < new_ids.size() && old_ids[head] == new_ids[head])
        ++head;
    std::size_t tail = 0;
    while (tail < old_ids.size() - head && tail < new_ids.size() - head &&
           old_ids[old_ids.size() - 1 - tail] == new_ids[new_ids.size() - 1 - tail])
        ++tail;
    const id_span old_all(old_ids), new_all(new_ids);
    const id_span old_middle = old_all.subspan(head, old_ids.size() - head - tail);
    const id_span new_middle = new_all.subspan(head, new_ids.size() - head - tail);
    const id_span shared_head = new_all.first(head), shared_tail = new_all.last(tail);
    std::vector<std::string> added;
    only_in(new_middle, old_middle, shared_head, shared_tail, added);
    only_in(old_middle, new_middle, shared_head, shared_tail, write.members_removed);
    add_entries(after, added, write.members_added);
}

std::string stored_text_of(const std::string& type, const json::object& resource)
{
    if (type != "Group" || !resource.contains("members"))
        return json::serialize(resource);
    json::object without(resource.storage());
    without.reserve(resource.size());
    for (const auto& entry : resource)
        if (entry.key() != "members")
            without.emplace(entry.key(), entry.value());
    return json::serialize(without);
}

} // namespace bridge
