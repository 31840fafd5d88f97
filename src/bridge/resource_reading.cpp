// resource_service::read and the derived `groups` of a user. Runs on a
// store reader thread: the parse, projection and serialisation (when any is
// needed) happen there too, off the I/O threads.

#include "bridge/resource_service.hpp"

#include "bridge/resource_meta.hpp"
#include "bridge/stored_view.hpp"
#include "scim/error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bridge {
namespace json = boost::json;

std::optional<json::array> resource_service::groups_of(const std::string& user_id) const
{
    // The common case, a target with no groups at all, costs one counter read.
    if (context_.store->count(context_.name, "Group") == 0)
        return std::nullopt;
    auto groups = context_.store->groups_of_member(context_.name, user_id);
    if (groups.empty())
        return std::nullopt;
    json::array out;
    out.reserve(groups.size());
    for (auto& group : groups) {
        json::object entry;
        entry["value"] = group.id;
        entry["$ref"] = context_.base_url + "/Groups/" + group.id;
        if (group.display_name)
            entry["display"] = *group.display_name;
        entry["type"] = "direct";
        out.push_back(std::move(entry));
    }
    return out;
}

std::string resource_service::groups_text_of(const std::string& user_id) const
{
    if (context_.store->count(context_.name, "Group") == 0)
        return {};
    auto groups = context_.store->groups_of_member(context_.name, user_id);
    return groups.empty() ? std::string() : groups_json(groups, context_.base_url);
}

std::string resource_service::answer_text(const scim::resource_type& type, const store::resource_row& row,
                                          const scim::projection& projection) const
{
    const bool user = type.name == "User";
    if (projection.empty() && stored_form_is_default_view(type)) {
        if (!user)
            return row.json;
        auto groups = groups_text_of(row.id);
        return groups.empty() ? row.json : splice_before_meta(row.json, "groups", groups);
    }
    auto resource = json::parse(row.json).as_object();
    if (user)
        if (auto groups = groups_of(row.id))
            insert_before_meta(resource, "groups", std::move(*groups));
    return json::serialize(scim::project(resource, type, projection));
}

boost::asio::awaitable<versioned_text> resource_service::read(const scim::resource_type& type, std::string id,
                                                              scim::projection projection) const
{
    auto found = co_await context_.executor->read([this, &type, &id, &projection] {
        auto row = context_.store->get({context_.name, type.name, id});
        if (!row)
            scim::throw_not_found(type.name + " " + id + " not found");
        return versioned_text{answer_text(type, *row, projection), row->version};
    });
    co_return found;
}

} // namespace bridge
