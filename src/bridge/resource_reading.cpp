// resource_service::read and the derived `groups` of a user. Runs on a
// store reader thread: the parse, projection and serialisation (when any is
// needed) happen there too, off the I/O threads.

#include "bridge/resource_service.hpp"

#include "bridge/resource_meta.hpp"
#include "bridge/store_units.hpp"
#include "bridge/stored_view.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bridge {
namespace json = boost::json;

bool resource_service::has_groups() const
{
    return context_.store->count(context_.name, "Group") > 0;
}

std::optional<json::array> resource_service::groups_of(const std::string& user_id) const
{
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

resource_service::answer_plan resource_service::plan_answers(const scim::resource_type& type,
                                                             const scim::projection& projection) const
{
    // The common case, a target with no groups at all, costs one counter
    // read per request, not one per resource.
    return {&type, &projection, projection.empty() && stored_form_is_default_view(type),
            type.name == "User" && has_groups()};
}

std::string resource_service::answer_text(const answer_plan& plan, const store::resource_row& row) const
{
    if (plan.stored_form) {
        if (!plan.with_groups)
            return row.json;
        auto groups = context_.store->groups_of_member(context_.name, row.id);
        return groups.empty() ? row.json
                              : splice_before_meta(row.json, "groups", groups_json(groups, context_.base_url));
    }
    auto resource = json::parse(row.json).as_object();
    if (plan.with_groups)
        if (auto groups = groups_of(row.id))
            insert_before_meta(resource, "groups", std::move(*groups));
    return json::serialize(scim::project(resource, *plan.type, *plan.projection));
}

boost::asio::awaitable<result<versioned_text>> resource_service::read(const scim::resource_type& type,
                                                                      std::string id,
                                                                      scim::projection projection) const
{
    auto found = co_await read_unit(*context_.executor, [this, &type, &id, &projection]() -> result<versioned_text> {
        auto row = context_.store->get({context_.name, type.name, id});
        if (!row)
            return fail(errc::not_found, type.name + " " + id + " not found");
        return scim_call(
            [&] { return versioned_text{answer_text(plan_answers(type, projection), *row), row->version}; });
    });
    co_return found;
}

} // namespace bridge
