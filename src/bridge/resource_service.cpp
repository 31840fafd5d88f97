#include "bridge/resource_service.hpp"

#include "bridge/clock.hpp"
#include "bridge/partial_state.hpp"
#include "bridge/resource_indexing.hpp"
#include "bridge/resource_meta.hpp"
#include "bridge/unique_name.hpp"
#include "bridge/vendor_failure.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/resource.hpp"
#include "store/case_fold.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bridge {
namespace json = boost::json;

// The state a write starts from: the stored object and its version, and a
// user's groups, which the write does not change but its answer shows.
struct resource_service::loaded {
    versioned_resource current;
    std::optional<json::array> groups;
};

namespace {

// A deleted user leaves its groups: a store-only write, retried against
// concurrent writers outside this process (no vendor call is repeated).
constexpr int max_membership_attempts = 8;

[[noreturn]] void throw_outside_writer(const std::string& id)
{
    throw scim::error(409, scim::scim_type::none,
                      "resource " + id +
                          " was changed by another writer while this request was applied; read it again and retry");
}

[[noreturn]] void throw_overdue(const std::string& when)
{
    // Nothing was sent to the vendor for this request: a retry is safe.
    throw vendor_unavailable("the request's deadline passed " + when + "; nothing was changed, retry the request",
                             std::chrono::seconds(1));
}

[[noreturn]] void throw_abandoned()
{
    throw scim::error(503, scim::scim_type::none, "the client went away before the write started; nothing was changed");
}

// The last moment a write can still be refused with nothing changed.
void ensure_can_start(const request_scope& scope)
{
    if (scope.abandoned())
        throw_abandoned();
    if (scope.expired())
        throw_overdue("before the write started");
}

void check_precondition(const std::optional<std::string>& if_match, std::int64_t version)
{
    if (if_match && !etag_matches(*if_match, version))
        throw scim::error(412, scim::scim_type::none,
                          "If-Match " + *if_match + " does not match the current version " + etag_of(version));
}

void attach(json::object& user, const std::optional<json::array>& groups)
{
    if (groups && !groups->empty())
        insert_before_meta(user, "groups", *groups);
}

} // namespace

resource_service::resource_service(target_context context) : context_(std::move(context))
{
    if (!context_.executor)
        context_.executor = store::store_executor::inline_on(nullptr);
}

boost::asio::awaitable<resource_lock> resource_service::lock(std::string key, const request_scope& scope)
{
    lock_failure failure = lock_failure::none;
    auto held = co_await locks_.acquire(std::move(key), scope, failure);
    if (failure == lock_failure::deadline)
        throw_overdue("while it waited for an earlier write to the same resource");
    if (failure == lock_failure::abandoned)
        throw_abandoned();
    co_return held;
}

resource_service::loaded resource_service::load(const scim::resource_type& type, const std::string& id) const
{
    auto row = context_.store->get({context_.name, type.name, id});
    if (!row)
        scim::throw_not_found(type.name + " " + id + " not found");
    loaded out{{json::parse(row->json).as_object(), row->version}, std::nullopt};
    if (type.name == "User" && has_groups())
        out.groups = groups_of(id);
    return out;
}

boost::asio::awaitable<resource_lock> resource_service::claim_unique_name(const scim::resource_type& type,
                                                                         const std::string& name,
                                                                         const std::string& own_id,
                                                                         const request_scope& scope)
{
    // Two creates (or renames) of one name queue here: the second finds the
    // first's record and is refused before it reaches the vendor. A local
    // target needs no claim: the store's unique index refuses the second
    // commit, and there is no vendor record to undo.
    auto held = co_await lock(resource_lock_table::name_key(type.name, store::fold_case(name)), scope);
    auto holders = co_await context_.executor->read([this, &type, &name] {
        return context_.store->find(context_.name, type.name, unique_name_column(type.name), name);
    });
    for (const auto& holder : holders)
        if (holder.id != own_id)
            scim::throw_uniqueness(uniqueness_detail(type, name));
    co_return held;
}

boost::asio::awaitable<store::write_outcome> resource_service::commit(
    std::function<store::write_outcome(const std::function<void()>&)> store_call, const resource_change& change,
    const applied_change& applied)
{
    vendor_backend* backend = context_.backend.get();
    const auto outcome = co_await context_.executor->write([&store_call, &change, &applied, backend] {
        // Inside the store's transaction: the correlation row and the
        // closed intent commit with the resource, or none of them does.
        std::function<void()> hook;
        if (backend)
            hook = [&] { backend->committed(change, applied); };
        const auto outcome = store_call(hook);
        if (backend && outcome != store::write_outcome::ok)
            backend->abandoned(change, applied);
        return outcome;
    });
    co_return outcome;
}

boost::asio::awaitable<versioned_resource> resource_service::create(const scim::resource_type& type,
                                                                    json::object body, request_scope scope)
{
    auto resource = scim::normalize_resource(body, type);
    auto password = take_write_only(resource, type);
    scim::validate_resource(resource, type, nullptr);

    const auto id = new_uuid();
    const auto now = now_rfc3339();
    resource = with_identity(std::move(resource), id);
    set_meta(resource, type, context_.base_url, id, now, now, 1);

    store::resource_write write{{context_.name, type.name, id}, 0, {}, index_values_of(type.name, resource), {}, {}};
    resource_lock name_lock;
    if (context_.backend && write.index.unique_name)
        name_lock = co_await claim_unique_name(type, *write.index.unique_name, id, scope);
    ensure_can_start(scope);

    const resource_change change{change_kind::create, type.name, id, nullptr, &resource, password, scope};
    applied_change applied;
    if (context_.backend)
        applied = co_await context_.backend->apply(change);

    if (type.name == "Group")
        diff_members(nullptr, &resource, write);
    write.json = json::serialize(resource);
    const auto outcome = co_await commit(
        [this, &write](const std::function<void()>& hook) {
            write.with_commit = hook;
            return context_.store->insert(write);
        },
        change, applied);
    switch (outcome) {
    case store::write_outcome::ok: break;
    case store::write_outcome::duplicate: scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));
    case store::write_outcome::conflict: throw_outside_writer(id);
    }
    co_return versioned_resource{std::move(resource), 1};
}

boost::asio::awaitable<versioned_resource> resource_service::replace(const scim::resource_type& type, std::string id,
                                                                     json::object body,
                                                                     std::optional<std::string> if_match,
                                                                     request_scope scope)
{
    return modify(type, std::move(id), write_kind::replace, json::value(std::move(body)), std::move(if_match),
                  std::move(scope));
}

boost::asio::awaitable<versioned_resource> resource_service::patch(const scim::resource_type& type, std::string id,
                                                                   json::value body,
                                                                   std::optional<std::string> if_match,
                                                                   request_scope scope)
{
    return modify(type, std::move(id), write_kind::patch, std::move(body), std::move(if_match), std::move(scope));
}

boost::asio::awaitable<versioned_resource> resource_service::modify(const scim::resource_type& type, std::string id,
                                                                    write_kind kind, json::value body,
                                                                    std::optional<std::string> if_match,
                                                                    request_scope scope)
{
    auto held = co_await lock(resource_lock_table::resource_key(type.name, id), scope);
    auto state = co_await context_.executor->read([this, &type, &id] { return load(type, id); });
    auto& current = state.current;
    check_precondition(if_match, current.version);

    json::object next = kind == write_kind::replace ? scim::normalize_resource(body.as_object(), type)
                                                    : scim::apply_patch(current.resource, body, type);
    auto password = take_write_only(next, type);
    next = with_identity(std::move(next), id);
    carry_meta(next, current.resource);
    scim::validate_resource(next, type, &current.resource);

    // Identity providers repeat writes that change nothing (Entra on every
    // cycle); those cost no vendor call and no new version.
    if (!password && same_content(next, current.resource)) {
        attach(current.resource, state.groups);
        co_return std::move(current);
    }

    const auto version = current.version + 1;
    set_meta(next, type, context_.base_url, id, created_of(current.resource), now_rfc3339(), version);
    store::resource_write write{{context_.name, type.name, id}, current.version, {},
                                index_values_of(type.name, next), {}, {}};

    resource_lock name_lock;
    const auto old_index = index_values_of(type.name, current.resource);
    write.previous_index = old_index;
    const bool renamed = write.index.unique_name &&
                         (!old_index.unique_name ||
                          store::fold_case(*old_index.unique_name) != store::fold_case(*write.index.unique_name));
    if (context_.backend && renamed)
        name_lock = co_await claim_unique_name(type, *write.index.unique_name, id, scope);
    ensure_can_start(scope);

    const resource_change change{kind == write_kind::replace ? change_kind::replace : change_kind::patch,
                                 type.name, id, &current.resource, &next, password, scope};
    applied_change applied;
    if (context_.backend) {
        std::optional<partially_applied> partial;
        try {
            applied = co_await context_.backend->apply(change);
        } catch (const partially_applied& half) {
            partial = half;
        }
        if (partial) {
            co_await keep_partial(type, current, next, partial->attributes);
            std::rethrow_exception(partial->cause);
        }
    }
    if (type.name == "Group")
        diff_members(&current.resource, &next, write);
    write.json = json::serialize(next);

    std::int64_t new_version = 0;
    const auto outcome = co_await commit(
        [this, &write, &new_version](const std::function<void()>& hook) {
            write.with_commit = hook;
            return context_.store->update(write, new_version);
        },
        change, applied);
    switch (outcome) {
    case store::write_outcome::ok: break;
    case store::write_outcome::duplicate: scim::throw_uniqueness(uniqueness_detail(type, *write.index.unique_name));
    case store::write_outcome::conflict: throw_outside_writer(id);
    }
    attach(next, state.groups);
    co_return versioned_resource{std::move(next), new_version};
}

boost::asio::awaitable<void> resource_service::keep_partial(const scim::resource_type& type,
                                                            const versioned_resource& current,
                                                            const json::object& next,
                                                            const std::vector<std::string>& attributes)
{
    auto kept = with_applied_attributes(current.resource, next, attributes);
    if (same_content(kept, current.resource))
        co_return;
    const auto id = std::string(current.resource.at("id").as_string());
    set_meta(kept, type, context_.base_url, id, created_of(current.resource), now_rfc3339(), current.version + 1);
    store::resource_write write{{context_.name, type.name, id}, current.version, json::serialize(kept),
                                index_values_of(type.name, kept), {}, {}};
    co_await context_.executor->write([this, &write] {
        std::int64_t new_version = 0;
        // Under the resource's lock only a writer outside this process can
        // have won; its state stands.
        (void)context_.store->update(write, new_version);
    });
}

boost::asio::awaitable<void> resource_service::remove(const scim::resource_type& type, std::string id,
                                                      std::optional<std::string> if_match, request_scope scope)
{
    auto held = co_await lock(resource_lock_table::resource_key(type.name, id), scope);
    auto row = co_await context_.executor->read(
        [this, &type, &id] { return context_.store->get({context_.name, type.name, id}); });
    if (!row)
        scim::throw_not_found(type.name + " " + id + " not found");
    check_precondition(if_match, row->version);
    const auto before = json::parse(row->json).as_object();
    ensure_can_start(scope);

    const resource_change change{change_kind::remove, type.name, id, &before, nullptr, std::nullopt, scope};
    applied_change applied;
    if (context_.backend)
        applied = co_await context_.backend->apply(change);
    const store::resource_key key{context_.name, type.name, id};
    const auto expected = row->version;
    const auto outcome = co_await commit(
        [this, &key, expected](const std::function<void()>& hook) {
            return context_.store->remove(key, expected, hook);
        },
        change, applied);
    if (outcome != store::write_outcome::ok)
        throw_outside_writer(id);
    held.release();
    if (type.name == "User")
        co_await remove_from_groups(id, scope);
}

boost::asio::awaitable<void> resource_service::remove_from_groups(std::string member_id, request_scope scope)
{
    // A deleted user must vanish from every group's member list (RFC 7644
    // §3.6: the resource no longer exists anywhere). The group's lock keeps
    // this from racing a PATCH of the same group in this process.
    auto groups = co_await context_.executor->read([this, &member_id] {
        return context_.store->groups_of_member(context_.name, member_id);
    });
    // The user is gone already: finishing its groups outlives the deadline.
    scope.deadline = steady_clock::time_point::max();
    for (const auto& group : groups) {
        auto held = co_await lock(resource_lock_table::resource_key("Group", group.id), scope);
        for (int attempt = 0; attempt < max_membership_attempts; ++attempt) {
            const auto outcome = co_await context_.executor->write([this, &group, &member_id] {
                auto fresh = context_.store->get({context_.name, "Group", group.id});
                if (!fresh)
                    return store::write_outcome::ok;
                auto stored = json::parse(fresh->json).as_object();
                if (!remove_member(stored, member_id))
                    return store::write_outcome::ok;
                bump_meta(stored, now_rfc3339(), fresh->version + 1);
                store::resource_write write{{context_.name, "Group", group.id}, fresh->version,
                                            json::serialize(stored), index_values_of("Group", stored), {},
                                            {member_id}};
                std::int64_t new_version = 0;
                return context_.store->update(write, new_version);
            });
            if (outcome == store::write_outcome::ok)
                break;
        }
    }
}

} // namespace bridge
