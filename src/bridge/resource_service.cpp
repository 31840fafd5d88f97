#include "bridge/resource_service.hpp"

#include "bridge/partial_state.hpp"

#include "bridge/clock.hpp"
#include "bridge/resource_indexing.hpp"
#include "bridge/resource_meta.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/resource.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bridge {
namespace json = boost::json;

namespace {

// How often a write is recomputed when another write to the same resource
// committed first. Each retry starts from the fresh state, so it only fails
// under a storm of writes to one resource.
constexpr int max_write_attempts = 8;

json::object parse_stored(const std::string& text)
{
    return json::parse(text).as_object();
}

[[noreturn]] void throw_conflict(const std::string& id)
{
    throw scim::error(409, scim::scim_type::none,
                      "resource " + id + " is being modified by concurrent requests; retry the request");
}

void check_precondition(const std::optional<std::string>& if_match, std::int64_t version)
{
    if (if_match && !etag_matches(*if_match, version))
        throw scim::error(412, scim::scim_type::none,
                          "If-Match " + *if_match + " does not match the current version " + etag_of(version));
}

} // namespace

resource_service::resource_service(target_context context) : context_(std::move(context)) {}

void resource_service::keep_partial(const scim::resource_type& type, const versioned_resource& current,
                                    const json::object& next, const std::vector<std::string>& attributes)
{
    auto kept = with_applied_attributes(current.resource, next, attributes);
    if (same_content(kept, current.resource))
        return;
    const auto version = current.version + 1;
    const auto id = std::string(current.resource.at("id").as_string());
    set_meta(kept, type, context_.base_url, id, created_of(current.resource), now_rfc3339(), version);
    store::resource_write write{{context_.name, type.name, id}, current.version, json::serialize(kept),
                                index_values_of(type.name, kept), {}, {}};
    std::int64_t new_version = 0;
    // A concurrent write that won keeps its state: it has been sent since.
    (void)context_.store->update(write, new_version);
}

std::function<void()> resource_service::commit_hook(const resource_change& change, const applied_change& applied) const
{
    if (!context_.backend)
        return {};
    // Inside the store's transaction: the correlation row and the closed
    // intent commit with the resource, so a crash cannot separate them.
    return [this, &change, &applied] { context_.backend->committed(change, applied); };
}

void resource_service::abandon_unless_committed(store::write_outcome outcome, const resource_change& change,
                                                const applied_change& applied) const
{
    if (context_.backend && outcome != store::write_outcome::ok)
        context_.backend->abandoned(change, applied);
}

versioned_resource resource_service::load(const scim::resource_type& type, const std::string& id) const
{
    auto row = context_.store->get({context_.name, type.name, id});
    if (!row)
        scim::throw_not_found(type.name + " " + id + " not found");
    return {parse_stored(row->json), row->version};
}

versioned_resource resource_service::get(const scim::resource_type& type, const std::string& id) const
{
    auto found = load(type, id);
    if (type.name == "User")
        attach_groups(found.resource);
    return found;
}

boost::asio::awaitable<versioned_resource> resource_service::create(const scim::resource_type& type,
                                                                    const json::object& body, std::string request_id)
{
    auto resource = scim::normalize_resource(body, type);
    auto password = take_write_only(resource, type);
    scim::validate_resource(resource, type, nullptr);

    const auto id = new_uuid();
    const auto now = now_rfc3339();
    resource = with_identity(std::move(resource), id);
    set_meta(resource, type, context_.base_url, id, now, now, 1);

    store::resource_write write{{context_.name, type.name, id}, 0, {}, index_values_of(type.name, resource), {}, {}};
    // Checked before the vendor is called: a duplicate found only at commit
    // would leave an account at the vendor that nothing here points to.
    if (write.index.unique_name &&
        !context_.store->find(context_.name, type.name, type.name == "User" ? store::indexed_column::user_name
                                                                               : store::indexed_column::display_name,
                              *write.index.unique_name)
             .empty())
        scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));

    const resource_change change{change_kind::create, type.name, id, nullptr, &resource, password, request_id};
    applied_change applied;
    if (context_.backend) {
        auto result = co_await context_.backend->apply(change);
        applied = std::move(result);
    }

    if (type.name == "Group")
        diff_members(nullptr, &resource, write);
    write.json = json::serialize(resource);
    write.with_commit = commit_hook(change, applied);
    const auto outcome = context_.store->insert(write);
    abandon_unless_committed(outcome, change, applied);
    switch (outcome) {
    case store::write_outcome::ok: break;
    case store::write_outcome::duplicate: scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));
    case store::write_outcome::conflict: throw_conflict(id);
    }
    co_return versioned_resource{std::move(resource), 1};
}

boost::asio::awaitable<versioned_resource> resource_service::replace(const scim::resource_type& type,
                                                                     const std::string& id, const json::object& body,
                                                                     std::optional<std::string> if_match,
                                                                     std::string request_id)
{
    return modify(type, id, write_kind::replace, json::value(body), std::move(if_match), std::move(request_id));
}

boost::asio::awaitable<versioned_resource> resource_service::patch(const scim::resource_type& type,
                                                                   const std::string& id, const json::value& body,
                                                                   std::optional<std::string> if_match,
                                                                   std::string request_id)
{
    return modify(type, id, write_kind::patch, body, std::move(if_match), std::move(request_id));
}

boost::asio::awaitable<versioned_resource> resource_service::modify(const scim::resource_type& type,
                                                                    std::string id, write_kind kind, json::value body,
                                                                    std::optional<std::string> if_match,
                                                                    std::string request_id)
{
    for (int attempt = 0; attempt < max_write_attempts; ++attempt) {
        auto current = load(type, id);
        check_precondition(if_match, current.version);

        json::object next;
        if (kind == write_kind::replace) {
            next = scim::normalize_resource(body.as_object(), type);
        } else {
            next = scim::apply_patch(current.resource, body, type);
        }
        auto password = take_write_only(next, type);
        next = with_identity(std::move(next), id);
        carry_meta(next, current.resource);
        scim::validate_resource(next, type, &current.resource);

        // Identity providers repeat writes that change nothing (Entra on
        // every cycle); those cost no vendor call and no new version.
        if (!password && same_content(next, current.resource)) {
            if (type.name == "User")
                attach_groups(current.resource);
            co_return current;
        }

        const auto version = current.version + 1;
        set_meta(next, type, context_.base_url, id, created_of(current.resource), now_rfc3339(), version);

        store::resource_write write{{context_.name, type.name, id}, current.version, {},
                                    index_values_of(type.name, next), {}, {}};
        if (write.index.unique_name) {
            auto holders = context_.store->find(context_.name, type.name,
                                                type.name == "User" ? store::indexed_column::user_name
                                                                    : store::indexed_column::display_name,
                                                *write.index.unique_name);
            for (const auto& holder : holders)
                if (holder.id != id)
                    scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));
        }
        const resource_change change{kind == write_kind::replace ? change_kind::replace : change_kind::patch,
                                     type.name, id, &current.resource, &next, password, request_id};
        applied_change applied;
        if (context_.backend) {
            std::optional<partially_applied> partial;
            try {
                auto result = co_await context_.backend->apply(change);
                applied = std::move(result);
            } catch (const partially_applied& half) {
                partial = half;
            }
            if (partial) {
                keep_partial(type, current, next, partial->attributes);
                std::rethrow_exception(partial->cause);
            }
        }
        if (type.name == "Group")
            diff_members(&current.resource, &next, write);
        write.json = json::serialize(next);

        std::int64_t new_version = 0;
        write.with_commit = commit_hook(change, applied);
        const auto outcome = context_.store->update(write, new_version);
        abandon_unless_committed(outcome, change, applied);
        switch (outcome) {
        case store::write_outcome::ok:
            if (type.name == "User")
                attach_groups(next);
            co_return versioned_resource{std::move(next), new_version};
        case store::write_outcome::duplicate: scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));
        case store::write_outcome::conflict: continue;  // someone else committed first: recompute
        }
    }
    throw_conflict(id);
}

boost::asio::awaitable<void> resource_service::remove(const scim::resource_type& type, const std::string& id,
                                                      std::optional<std::string> if_match, std::string request_id)
{
    for (int attempt = 0; attempt < max_write_attempts; ++attempt) {
        auto current = load(type, id);
        check_precondition(if_match, current.version);
        const resource_change change{change_kind::remove, type.name, id, &current.resource, nullptr, std::nullopt,
                                     request_id};
        applied_change applied;
        if (context_.backend) {
            auto result = co_await context_.backend->apply(change);
            applied = std::move(result);
        }
        const auto outcome =
            context_.store->remove({context_.name, type.name, id}, current.version, commit_hook(change, applied));
        abandon_unless_committed(outcome, change, applied);
        switch (outcome) {
        case store::write_outcome::ok:
            if (type.name == "User")
                remove_from_groups(id);
            co_return;
        case store::write_outcome::duplicate:
        case store::write_outcome::conflict: continue;
        }
    }
    throw_conflict(id);
}

void resource_service::remove_from_groups(const std::string& member_id)
{
    // A deleted user must vanish from every group's member list (RFC 7644
    // §3.6: the resource no longer exists anywhere).
    for (const auto& row : context_.store->find(context_.name, "Group", store::indexed_column::member, member_id)) {
        for (int attempt = 0; attempt < max_write_attempts; ++attempt) {
            auto fresh = context_.store->get({context_.name, "Group", row.id});
            if (!fresh)
                break;
            auto group = parse_stored(fresh->json);
            if (!remove_member(group, member_id))
                break;
            const auto version = fresh->version + 1;
            bump_meta(group, now_rfc3339(), version);
            store::resource_write write{{context_.name, "Group", row.id}, fresh->version, json::serialize(group),
                                        index_values_of("Group", group), {}, {member_id}};
            std::int64_t new_version = 0;
            if (context_.store->update(write, new_version) == store::write_outcome::ok)
                break;
        }
    }
}

void resource_service::attach_groups(json::object& user) const
{
    // The common case, a target with no groups at all, costs one counter read.
    if (context_.store->count(context_.name, "Group") == 0)
        return;
    const auto id = user.contains("id") ? std::string(user.at("id").as_string()) : std::string();
    json::array groups;
    for (const auto& row : context_.store->find(context_.name, "Group", store::indexed_column::member, id)) {
        auto group = parse_stored(row.json);
        json::object entry;
        entry["value"] = row.id;
        entry["$ref"] = context_.base_url + "/Groups/" + row.id;
        if (auto it = group.find("displayName"); it != group.end())
            entry["display"] = it->value();
        entry["type"] = "direct";
        groups.push_back(std::move(entry));
    }
    if (!groups.empty())
        insert_before_meta(user, "groups", std::move(groups));
}

} // namespace bridge
