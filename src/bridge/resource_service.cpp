#include "bridge/resource_service.hpp"

#include "bridge/clock.hpp"
#include "bridge/named_members.hpp"
#include "bridge/partial_state.hpp"
#include "bridge/resource_indexing.hpp"
#include "bridge/resource_meta.hpp"
#include "bridge/store_units.hpp"
#include "bridge/stored_view.hpp"
#include "bridge/unique_name.hpp"
#include "bridge/vendor_failure.hpp"
#include "observability/process_metrics.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/resource.hpp"
#include "scim/case_fold.hpp"

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

// Each member added or removed is a row written to group_members and to its
// by-member index, most of the CPU a large membership write costs (10,000
// members: 150-200 ms). A write (POST, PUT, PATCH of a group) may change at
// most `limit` members; more is refused before the vendor or the store sees
// anything. The PATCH engine refuses early a request naming more member
// values; this also bounds `remove members` without a filter, and a PUT.
result<void> check_member_changes(const store::resource_write& write, std::size_t limit)
{
    return scim_call([&] {
        const std::size_t changes = write.members_added.size() + write.members_removed.size();
        if (changes > limit)
            scim::throw_invalid_value("this request changes " + std::to_string(changes) + " group members; at most "
                                      + std::to_string(limit)
                                      + " are accepted in one request (limits.max_member_changes): send them in "
                                        "several PATCHes");
    });
}

// A deleted user leaves its groups: a store-only write, retried against
// concurrent writers outside this process (no vendor call is repeated).
constexpr int max_membership_attempts = 8;

failure changed_elsewhere(const std::string& id)
{
    return fail(errc::changed_elsewhere,
                "resource " + id + " was changed by another writer while this request was applied; read it again "
                                   "and retry");
}

failure overdue(const std::string& when)
{
    // A 503 for a limit (the request's time), like the transport's.
    observability::process_metrics().limit_refusal("deadline");
    // Nothing was sent to the vendor for this request: a retry is safe.
    return fail_unavailable(errc::deadline_passed,
                            "the request's deadline passed " + when + "; nothing was changed, retry the request",
                            std::chrono::seconds(1));
}

failure client_gone()
{
    return fail(errc::client_gone, "the client went away before the write started; nothing was changed");
}

failure not_found(const scim::resource_type& type, const std::string& id)
{
    return fail(errc::not_found, type.name + " " + id + " not found");
}

// The last moment a write can still be refused with nothing changed.
std::optional<failure> cannot_start(const request_scope& scope, steady_clock::time_point now)
{
    if (scope.abandoned())
        return client_gone();
    if (scope.expired(now))
        return overdue("before the write started");
    return std::nullopt;
}

std::optional<failure> precondition_failed(const std::optional<std::string>& if_match, std::int64_t version)
{
    if (if_match && !etag_matches(*if_match, version))
        return fail(errc::if_match_failed,
                    "If-Match " + *if_match + " does not match the current version " + etag_of(version));
    return std::nullopt;
}

// A commit the store refused: a duplicate name or a writer outside this
// process (under the resource's lock nothing of this process can have won).
failure refused_commit(store::write_outcome outcome, const scim::resource_type& type,
                       const store::resource_write& write)
{
    if (outcome == store::write_outcome::duplicate)
        return fail(errc::name_taken, uniqueness_detail(type, *write.index.unique_name));
    return changed_elsewhere(write.key.id);
}

void attach(json::object& user, const std::optional<json::array>& groups)
{
    if (groups && !groups->empty())
        insert_before_meta(user, "groups", *groups);
}

// A written resource and its response text (see versioned_resource): the
// stored text with the same groups attach() adds to the object. A group's
// stored text leaves its members out; its answer is the object serialised.
versioned_resource written(const scim::resource_type& type, json::object resource, std::int64_t version,
                           std::string stored, const std::optional<json::array>& groups)
{
    versioned_resource out{std::move(resource), version, {}};
    if (stored_form_is_default_view(type)) {
        if (out.resource.contains("members"))
            out.default_view = json::serialize(out.resource);
        else
            out.default_view = groups && !groups->empty()
                                   ? splice_before_meta(stored, "groups", json::serialize(*groups))
                                   : std::move(stored);
    }
    attach(out.resource, groups);
    return out;
}

} // namespace

resource_service::resource_service(target_context context)
    : context_(std::move(context)),
      locks_(context_.locks ? context_.locks
                            : std::make_shared<resource_lock_table>(context_.now ? context_.now
                                                                                 : clock_source(steady_clock::now)))
{
    if (!context_.executor)
        context_.executor = store::store_executor::inline_executor();
    if (!context_.now)
        context_.now = steady_clock::now;
}

boost::asio::awaitable<result<resource_lock>> resource_service::lock(std::string key, const request_scope& scope)
{
    lock_failure failed = lock_failure::none;
    auto held = co_await locks_->acquire(std::move(key), scope, failed);
    if (failed == lock_failure::deadline)
        co_return overdue("while it waited for an earlier write to the same resource");
    if (failed == lock_failure::abandoned)
        co_return client_gone();
    co_return held;
}

result<resource_service::loaded> resource_service::load(const scim::resource_type& type, const std::string& id) const
{
    auto row = context_.store->get({context_.name, type.name, id});
    if (!row)
        return not_found(type, id);
    loaded out{{json::parse(row->json).as_object(), row->version}, std::nullopt};
    if (type.name == "User" && has_groups())
        out.groups = groups_of(id);
    return out;
}

boost::asio::awaitable<result<void>> resource_service::answer_named_members(const scim::resource_type& type,
                                                                           const std::string& id,
                                                                           patch_answer answer,
                                                                           versioned_resource& partial)
{
    if (answer != patch_answer::stored_text)
        co_return result<void>{};
    auto stored = co_await read_unit(*context_.executor, [this, &type, &id] {
        return context_.store->get({context_.name, type.name, id});
    });
    if (!stored)
        co_return std::move(stored).error();
    if (auto& row = *stored)
        partial.default_view = std::move(row->json);
    co_return result<void>{};
}

result<resource_service::loaded> resource_service::load_named_members(const scim::resource_type& type,
                                                                     const std::string& id,
                                                                     const std::vector<std::string>& ids) const
{
    const store::resource_key key{context_.name, type.name, id};
    auto row = context_.store->get_without_members(key);
    if (!row)
        return not_found(type, id);
    loaded out{{json::parse(row->json).as_object(), row->version}, std::nullopt};
    json::array members;
    for (const auto& member : context_.store->members_among(key, ids))
        members.push_back(json::parse(member.json));
    if (!members.empty())
        out.current.resource["members"] = std::move(members);
    return out;
}

boost::asio::awaitable<result<resource_lock>> resource_service::claim_unique_name(const scim::resource_type& type,
                                                                                 const std::string& name,
                                                                                 const std::string& own_id,
                                                                                 const request_scope& scope)
{
    // Two creates (or renames) of one name queue here: the second finds the
    // first's record and is refused before it reaches the vendor. A local
    // target needs no claim: the store's unique index refuses the second
    // commit, and there is no vendor record to undo.
    auto held = co_await lock(resource_lock_table::name_key(type.name, scim::fold_case(name)), scope);
    if (!held)
        co_return held;
    auto holders = co_await read_unit(*context_.executor, [this, &type, &name] {
        return context_.store->find(context_.name, type.name, unique_name_column(type.name), name);
    });
    if (!holders)
        co_return std::move(holders).error();
    for (const auto& holder : *holders)
        if (holder.id != own_id)
            co_return fail(errc::name_taken, uniqueness_detail(type, name));
    co_return held;
}

boost::asio::awaitable<result<resource_lock>> resource_service::ready_to_start(const scim::resource_type& type,
                                                                              const store::resource_write& write,
                                                                              bool claims_name,
                                                                              const request_scope& scope)
{
    resource_lock name_lock;
    if (context_.backend && claims_name) {
        auto claimed = co_await claim_unique_name(type, *write.index.unique_name, write.key.id, scope);
        if (!claimed)
            co_return claimed;
        name_lock = std::move(*claimed);
    }
    if (auto refused = cannot_start(scope, context_.now()))
        co_return std::move(*refused);
    co_return name_lock;
}

boost::asio::awaitable<result<store::write_outcome>> resource_service::commit(
    std::function<store::write_outcome(const std::function<void()>&)> store_call, const resource_change& change,
    const applied_change& applied)
{
    vendor_backend* backend = context_.backend.get();
    auto outcome = co_await write_unit(*context_.executor, [&store_call, &change, &applied, backend] {
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

boost::asio::awaitable<result<versioned_resource>> resource_service::create(const scim::resource_type& type,
                                                                            json::object body, request_scope scope)
{
    json::object resource;
    std::optional<std::string> password;
    if (auto checked = scim_call([&] {
            resource = scim::normalize_resource(body, type);
            password = take_write_only(resource, type);
            scim::validate_resource(resource, type, nullptr);
        });
        !checked)
        co_return std::move(checked).error();

    const auto id = new_uuid();
    const auto now = now_rfc3339();
    resource = with_identity(std::move(resource), id);
    set_meta(resource, type, context_.base_url, id, now, now, 1);

    store::resource_write write{{context_.name, type.name, id}, 0, {}, index_values_of(type.name, resource), {}, {}};
    if (type.name == "Group") {
        diff_members(nullptr, &resource, write);
        if (auto refused = check_member_changes(write, context_.patch_limits.max_member_values); !refused)
            co_return std::move(refused).error();
    }
    auto name_lock = co_await ready_to_start(type, write, write.index.unique_name.has_value(), scope);
    if (!name_lock)
        co_return std::move(name_lock).error();

    const resource_change change{change_kind::create, type.name, id, nullptr, &resource, password, scope};
    applied_change applied;
    if (context_.backend) {
        auto done = co_await context_.backend->apply(change);
        if (!done)
            co_return std::move(done).error();
        applied = std::move(*done);
    }

    write.json = stored_text_of(type.name, resource);
    const auto outcome = co_await commit(
        [this, &write](const std::function<void()>& hook) {
            write.with_commit = hook;
            return context_.store->insert(write);
        },
        change, applied);
    if (!outcome)
        co_return std::move(outcome).error();
    if (*outcome != store::write_outcome::ok)
        co_return refused_commit(*outcome, type, write);
    co_return written(type, std::move(resource), 1, std::move(write.json), std::nullopt);
}

boost::asio::awaitable<result<versioned_resource>> resource_service::replace(const scim::resource_type& type,
                                                                             std::string id, json::object body,
                                                                             std::optional<std::string> if_match,
                                                                             request_scope scope)
{
    return modify(type, std::move(id), write_kind::replace, json::value(std::move(body)), std::move(if_match),
                  std::move(scope));
}

boost::asio::awaitable<result<versioned_resource>> resource_service::patch(const scim::resource_type& type,
                                                                           std::string id, json::value body,
                                                                           std::optional<std::string> if_match,
                                                                           request_scope scope, patch_answer answer)
{
    auto done = co_await modify(type, id, write_kind::patch, body, if_match, scope, answer, false);
    // The backend found it needs the whole group (to create it at the
    // vendor) before any vendor call: made again from the whole group, once.
    if (!done && done.error().cause() == errc::whole_membership_needed)
        done = co_await modify(type, std::move(id), write_kind::patch, std::move(body), std::move(if_match),
                               std::move(scope), answer, true);
    co_return done;
}

boost::asio::awaitable<result<versioned_resource>> resource_service::modify(const scim::resource_type& type,
                                                                            std::string id, write_kind kind,
                                                                            json::value body,
                                                                            std::optional<std::string> if_match,
                                                                            request_scope scope, patch_answer answer,
                                                                            bool whole)
{
    auto held = co_await lock(resource_lock_table::resource_key(type.name, id), scope);
    if (!held)
        co_return std::move(held).error();
    std::optional<std::vector<std::string>> named;
    if (kind == write_kind::patch && answer != patch_answer::resource && !whole && type.name == "Group" &&
        (!context_.backend || context_.backend->takes_named_members(type.name)) && stored_form_is_default_view(type))
        named = members_named_by(body, context_.patch_limits);
    auto loaded_state = co_await read_unit(*context_.executor, [this, &type, &id, &named] {
        return named ? load_named_members(type, id, *named) : load(type, id);
    });
    if (!loaded_state)
        co_return std::move(loaded_state).error();
    auto& state = *loaded_state;
    auto& current = state.current;
    if (auto refused = precondition_failed(if_match, current.version))
        co_return std::move(*refused);

    json::object next;
    std::optional<std::string> password;
    if (auto checked = scim_call([&] {
            next = kind == write_kind::replace ? scim::normalize_resource(body.as_object(), type)
                                               : scim::apply_patch(current.resource, body, type, context_.patch_limits);
            password = take_write_only(next, type);
            next = with_identity(std::move(next), id);
            carry_meta(next, current.resource);
            // apply_patch validates what it returns; only a replacement's
            // body is still unchecked (id and meta are restored, not taken).
            if (kind == write_kind::replace)
                scim::validate_resource(next, type, &current.resource);
        });
        !checked)
        co_return std::move(checked).error();

    // Identity providers repeat writes that change nothing (Entra on every
    // cycle); those cost no vendor call and no new version.
    if (!password && same_content(next, current.resource)) {
        attach(current.resource, state.groups);
        if (named)
            if (auto answered = co_await answer_named_members(type, id, answer, current); !answered)
                co_return std::move(answered).error();
        co_return std::move(current);
    }

    const auto version = current.version + 1;
    set_meta(next, type, context_.base_url, id, created_of(current.resource), now_rfc3339(), version);
    store::resource_write write{{context_.name, type.name, id}, current.version, {},
                                index_values_of(type.name, next), {}, {}};

    if (type.name == "Group") {
        diff_members(&current.resource, &next, write);
        if (auto refused = check_member_changes(write, context_.patch_limits.max_member_values); !refused)
            co_return std::move(refused).error();
    }

    const auto old_index = index_values_of(type.name, current.resource);
    write.previous_index = old_index;
    const bool renamed = write.index.unique_name &&
                         (!old_index.unique_name ||
                          scim::fold_case(*old_index.unique_name) != scim::fold_case(*write.index.unique_name));
    auto name_lock = co_await ready_to_start(type, write, renamed, scope);
    if (!name_lock)
        co_return std::move(name_lock).error();

    const resource_change change{kind == write_kind::replace ? change_kind::replace : change_kind::patch,
                                 type.name, id, &current.resource, &next, password, scope, named.has_value()};
    applied_change applied;
    if (context_.backend) {
        auto done = co_await context_.backend->apply(change);
        if (!done) {
            if (!done.error().applied_attributes.empty())
                co_await keep_partial(type, current, next, done.error().applied_attributes);
            co_return std::move(done).error();
        }
        applied = std::move(*done);
    }
    write.json = stored_text_of(type.name, next);

    std::int64_t new_version = 0;
    const auto outcome = co_await commit(
        [this, &write, &new_version](const std::function<void()>& hook) {
            write.with_commit = hook;
            return context_.store->update(write, new_version);
        },
        change, applied);
    if (!outcome)
        co_return std::move(outcome).error();
    if (*outcome != store::write_outcome::ok)
        co_return refused_commit(*outcome, type, write);
    if (named) {
        versioned_resource partial{std::move(next), new_version, {}};
        if (auto answered = co_await answer_named_members(type, id, answer, partial); !answered)
            co_return std::move(answered).error();
        co_return partial;
    }
    co_return written(type, std::move(next), new_version, std::move(write.json), state.groups);
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
    store::resource_write write{{context_.name, type.name, id}, current.version, stored_text_of(type.name, kept),
                                index_values_of(type.name, kept), {}, {}};
    if (type.name == "Group")
        diff_members(&current.resource, &kept, write);
    // Best effort: the vendor's refusal is the answer either way; a store
    // that cannot keep this leaves the next write to send the state again.
    (void)co_await write_unit(*context_.executor, [this, &write] {
        std::int64_t new_version = 0;
        // Under the resource's lock only a writer outside this process can
        // have won; its state stands.
        (void)context_.store->update(write, new_version);
    });
}

boost::asio::awaitable<result<void>> resource_service::remove(const scim::resource_type& type, std::string id,
                                                              std::optional<std::string> if_match, request_scope scope)
{
    auto held = co_await lock(resource_lock_table::resource_key(type.name, id), scope);
    if (!held)
        co_return std::move(held).error();
    auto found = co_await read_unit(*context_.executor,
                                    [this, &type, &id] { return context_.store->get({context_.name, type.name, id}); });
    if (!found)
        co_return std::move(found).error();
    auto& row = *found;
    if (!row)
        co_return not_found(type, id);
    if (auto refused = precondition_failed(if_match, row->version))
        co_return std::move(*refused);
    const auto before = json::parse(row->json).as_object();
    if (auto refused = cannot_start(scope, context_.now()))
        co_return std::move(*refused);

    const resource_change change{change_kind::remove, type.name, id, &before, nullptr, std::nullopt, scope};
    applied_change applied;
    if (context_.backend) {
        auto done = co_await context_.backend->apply(change);
        if (!done)
            co_return std::move(done).error();
        applied = std::move(*done);
    }
    const store::resource_key key{context_.name, type.name, id};
    const auto expected = row->version;
    const auto outcome = co_await commit(
        [this, &key, expected](const std::function<void()>& hook) {
            return context_.store->remove(key, expected, hook);
        },
        change, applied);
    if (!outcome)
        co_return std::move(outcome).error();
    if (*outcome != store::write_outcome::ok)
        co_return changed_elsewhere(id);
    held->release();
    if (type.name == "User")
        co_await remove_from_groups(id, scope);
    co_return result<void>{};
}

boost::asio::awaitable<void> resource_service::remove_from_groups(std::string member_id, request_scope scope)
{
    // A deleted user must vanish from every group's member list (RFC 7644
    // §3.6: the resource no longer exists anywhere). The group's lock keeps
    // this from racing a PATCH of the same group in this process.
    // Best effort once the user is gone: a store failure here leaves the
    // member in those groups until their next write.
    auto groups = co_await read_unit(*context_.executor, [this, &member_id] {
        return context_.store->groups_of_member(context_.name, member_id);
    });
    if (!groups)
        co_return;
    // The user is gone already: finishing its groups outlives the deadline
    // and the client.
    scope.deadline = steady_clock::time_point::max();
    scope.abandon = nullptr;
    for (const auto& group : *groups) {
        auto held = co_await lock(resource_lock_table::resource_key("Group", group.id), scope);
        if (!held)
            continue;  // unbounded and never abandoned: cannot happen
        for (int attempt = 0; attempt < max_membership_attempts; ++attempt) {
            // The member's row and the group's own text (members are rows:
            // the group's size does not matter).
            const auto outcome = co_await write_unit(*context_.executor, [this, &group, &member_id] {
                const store::resource_key key{context_.name, "Group", group.id};
                auto fresh = context_.store->get_without_members(key);
                if (!fresh || context_.store->members_among(key, {member_id}).empty())
                    return store::write_outcome::ok;
                auto stored = json::parse(fresh->json).as_object();
                bump_meta(stored, now_rfc3339(), fresh->version + 1);
                store::resource_write write{key, fresh->version, json::serialize(stored),
                                            index_values_of("Group", stored), {}, {member_id}};
                std::int64_t new_version = 0;
                return context_.store->update(write, new_version);
            });
            if (!outcome || *outcome == store::write_outcome::ok)
                break;
        }
    }
}

} // namespace bridge
