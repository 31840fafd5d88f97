#include "bridge/mapped_backend.hpp"

#include "bridge/correlation_lookup.hpp"
#include "bridge/create_repetition.hpp"
#include "bridge/job_tracker.hpp"
#include "bridge/resource_indexing.hpp"
#include "bridge/unique_name.hpp"
#include "bridge/vendor_failure.hpp"
#include "connector/backoff.hpp"
#include "mapping/connection_compile.hpp"
#include "scim/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <exception>
#include <utility>

namespace bridge {
namespace json = boost::json;

namespace {

std::string_view operation_name(change_kind kind)
{
    switch (kind) {
    case change_kind::create: return "create";
    case change_kind::replace: return "replace";
    case change_kind::patch: return "patch";
    case change_kind::remove: return "delete";
    }
    return "?";
}

// Members in `a` that are not in `b`, in a's order.
std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    std::vector<std::string> out;
    for (const auto& id : a)
        if (std::find(b.begin(), b.end(), id) == b.end())
            out.push_back(id);
    return out;
}

} // namespace

mapped_backend::mapped_backend(mapped_target target, vendor_sender send,
                               std::shared_ptr<store::correlation_store> correlation,
                               std::shared_ptr<store::intent_store> intents, mapped_backend_options options,
                               std::shared_ptr<job_tracker> jobs)
    : target_(std::move(target)), send_(std::move(send)), correlation_(std::move(correlation)),
      intents_(std::move(intents)), options_(std::move(options)), jobs_(std::move(jobs))
{
    if (!options_.store)
        options_.store = store::store_executor::inline_executor();
    // A mapping that keeps nothing from answers has nothing to forget: a
    // delete then costs no kept_values statements.
    bool keeps = false;
    for (const auto& [type, resource] : target_.mapping->resources)
        keeps = keeps || resource.keeps_values || resource.keeps_membership_values;
    if (!keeps)
        options_.kept = nullptr;
}

void mapped_backend::start(boost::asio::any_io_executor executor)
{
    if (jobs_)
        jobs_->start(std::move(executor));
}

void mapped_backend::stop()
{
    if (jobs_)
        jobs_->stop();
}

mapping::render_input mapped_backend::input_for(const resource_change& change, std::optional<std::string> vendor_id,
                                                const write_context* context) const
{
    mapping::render_input input;
    input.old_resource = change.before;
    input.new_resource = change.after ? change.after : change.before;
    input.vendor_id = std::move(vendor_id);
    input.parameters = &target_.parameters;
    input.secrets = target_.secrets;
    input.lookup = correlation_lookup(correlation_, target_.name);
    if (context) {
        input.kept = &context->kept;
        input.membership_kept = &context->membership_kept;
    }
    return input;
}

mapping::render_result mapped_backend::render(const mapping::resource_mapping& resource, mapping::operation op,
                                              const mapping::render_input& input) const
{
    auto result = mapping::render_operation(*target_.mapping, resource, op, input);
    if (!result.ok())
        throw_render_failure(result);
    return result;
}

boost::asio::awaitable<connector::vendor_result> mapped_backend::send(mapping::rendered_request request,
                                                                      const mapping::resource_mapping* resource,
                                                                      tolerated accepted, write_context* context)
{
    const auto* spec = request.spec;
    const auto purpose = request.purpose;
    const auto member = request.member;
    auto result = co_await send_(std::move(request), context->change->scope);
    // The request's own outcome rules overrule the status: an "already so"
    // refusal is a success, a 200 with a failure inside is a failure.
    if (spec && result.response && result.outcome.kind != connector::outcome_kind::unauthorized) {
        const auto judged = mapping::judge_answer(spec->response, to_mapping_response(*result.response));
        if (judged.verdict == mapping::answer_verdict::success)
            result.outcome.kind = connector::outcome_kind::ok;
        else if (judged.verdict == mapping::answer_verdict::failure)
            throw failure_exception{fail(errc::vendor_rejected, "the vendor refused the " + purpose + ": " +
                                                                    judged.message)};
    }
    const bool tolerate = (accepted == tolerated::missing && result.outcome.kind == connector::outcome_kind::not_found) ||
                          (accepted == tolerated::maybe_applied && result.outcome.maybe_applied);
    if (!result.ok() && !tolerate)
        throw_vendor_failure(result, *target_.mapping, resource);
    if (spec && !spec->response.keep.empty() && result.ok() && result.response)
        if (auto values = mapping::read_kept(spec->response, to_mapping_response(*result.response)); !values.empty())
            co_await keep(std::move(values), member, context);
    if (jobs_ && spec && result.ok() && result.response) {
        if (auto accepted = mapping::read_async_request_id(*target_.mapping, spec->response,
                                                           to_mapping_response(*result.response))) {
            // The first accepted request of a create makes the record; later
            // ones (a job assignment) only add to it.
            const bool makes_record = purpose == "create" && context->create_job == 0;
            const std::string operation = purpose == "create" && !makes_record ? "create follow-up" : purpose;
            const auto& change = *context->change;
            store::new_job job{target_.name, change.type, change.scim_id, operation, *accepted,
                               change.scope.request_id};
            const auto id = co_await options_.store->write([this, job] { return jobs_->track(job); });
            context->jobs.push_back(id);
            if (makes_record)
                context->create_job = id;
        }
    }
    co_return result;
}

boost::asio::awaitable<void> mapped_backend::keep(json::object values, const std::string& member,
                                                  write_context* context)
{
    auto& into = member.empty() ? context->kept : context->membership_kept[member];
    for (const auto& [name, value] : values)
        into[name] = value;
    context->kept_now = true;
    if (options_.dry_run || !options_.kept)
        co_return;
    // Written now, not with the SCIM write's commit: the vendor holds what
    // the values name even if a later call of this write fails.
    const auto& change = *context->change;
    co_await options_.store->write([this, &change, &member, &values] {
        for (const auto& [name, value] : values)
            options_.kept->keep(target_.name, change.type, change.scim_id, member, name, json::serialize(value));
    });
}

boost::asio::awaitable<void> mapped_backend::send_all(const mapping::resource_mapping& resource,
                                                      mapping::operation op, mapping::render_input input,
                                                      tolerated accepted, write_context* context)
{
    auto rendered = render(resource, op, input);
    for (std::size_t i = 0; i < rendered.requests.size(); render_rest(rendered, i++, resource, op, input, context))
        co_await send(std::move(rendered.requests[i]), &resource, accepted, context);
}

void mapped_backend::render_rest(mapping::render_result& rendered, std::size_t sent,
                                 const mapping::resource_mapping& resource, mapping::operation op,
                                 const mapping::render_input& input, write_context* context) const
{
    if (!std::exchange(context->kept_now, false) || sent + 1 >= rendered.requests.size())
        return;
    auto again = render(resource, op, input);
    // What was kept fills placeholders; it never adds or drops a request.
    if (again.requests.size() != rendered.requests.size())
        throw failure_exception{fail(errc::target_misconfigured,
                                     "the " + std::string(mapping::to_string(op)) + " of this " + resource.type +
                                         " became a different sequence of requests once values were kept")};
    for (std::size_t i = sent + 1; i < rendered.requests.size(); ++i)
        rendered.requests[i] = std::move(again.requests[i]);
}

boost::asio::awaitable<void> mapped_backend::settle_jobs(write_context* context)
{
    if (!jobs_ || context->jobs.empty())
        co_return;
    // The write waits for its jobs up to async.wait_ms, and never past the
    // request's deadline: what is still open then is tracked in the background.
    auto budget = std::chrono::milliseconds(jobs_->spec().wait_ms);
    if (const auto& deadline = context->change->scope.deadline; deadline != steady_clock::time_point::max())
        budget = std::min(budget, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::max(deadline - steady_clock::now(), steady_clock::duration::zero())));
    auto rows = co_await jobs_->wait(context->jobs, budget);
    const bool create_failed = std::any_of(rows.begin(), rows.end(), [&](const store::job_row& row) {
        return row.id == context->create_job && row.status == store::job_status::failed;
    });
    const bool is_create = context->change->kind == change_kind::create;
    for (const auto& row : rows) {
        if (row.status != store::job_status::failed || (is_create && !create_failed))
            continue;
        // Refused now: the identity provider hears it in this answer.
        co_await options_.store->write([this, &rows] {
            for (const auto& each : rows)
                if (each.status == store::job_status::failed)
                    jobs_->store()->mark_reported(each.id);
        });
        throw failure_exception{fail(errc::vendor_rejected, "the vendor refused the " + row.operation + " of this " +
                                                                context->change->type + ": " + row.last_error)};
    }
}

std::optional<failure> mapped_backend::report_earlier_failure(const resource_change& change)
{
    if (!jobs_)
        return std::nullopt;
    auto failures = jobs_->store()->unreported_failures(target_.name, change.type, change.scim_id);
    if (failures.empty())
        return std::nullopt;
    bool create_failed = false;
    for (const auto& job : failures) {
        jobs_->store()->mark_reported(job.id);
        create_failed = create_failed || job.operation == "create";
    }
    // The vendor never created the record: forget the id, so that the next
    // write creates it again from the then current state.
    if (create_failed && correlation_)
        correlation_->unlink(target_.name, change.type, change.scim_id);
    // The earliest failure is the cause; later ones usually follow from it.
    const auto& first = failures.front();
    return fail(errc::earlier_job_failed,
                "the vendor refused an earlier " + first.operation + " of this " + change.type +
                          " after accepting it (job " + std::to_string(first.id) + ", vendor request " +
                          first.vendor_request_id + "): " + first.last_error +
                          (failures.size() > 1 ? " (and " + std::to_string(failures.size() - 1) + " later job(s))"
                                               : std::string()) +
                          (create_failed ? "; the next write creates the record again"
                                         : "; the next write sends the current state again"));
}

boost::asio::awaitable<result<applied_change>> mapped_backend::prepare(const resource_change& change,
                                                                       std::optional<std::string>& known,
                                                                       json::object& kept)
{
    const bool record = !options_.dry_run;
    struct prepared_change {
        applied_change applied;
        std::optional<std::string> known;
        std::optional<failure> earlier_failure;
        json::object kept;
    };
    auto prepared = co_await options_.store->write([this, &change, record] {
        prepared_change out;
        // Returned, not thrown: the failure's bookkeeping must commit.
        if (change.kind != change_kind::create && record)
            if ((out.earlier_failure = report_earlier_failure(change)))
                return out;
        if (change.kind != change_kind::create && correlation_)
            out.known = correlation_->vendor_id(target_.name, change.type, change.scim_id);
        if (change.kind != change_kind::create && options_.kept)
            if (const auto* resource = target_.mapping->find(change.type); resource && resource->keeps_values)
                for (auto& value : options_.kept->values(target_.name, change.type, change.scim_id, ""))
                    out.kept[value.name] = json::parse(value.json);
        if (intents_ && record) {
            json::object payload{{"request_id", change.scope.request_id}};
            if (out.known)
                payload["vendor_id"] = *out.known;
            // A create's SCIM id is new on every attempt: its name is what a
            // retry shares with it (start-up resolves the intent by it).
            if (change.kind == change_kind::create && change.after)
                if (auto name = unique_name_of(change.type, *change.after))
                    payload["name"] = *name;
            out.applied.intent = intents_->begin(target_.name, change.type, change.scim_id,
                                               operation_name(change.kind), json::serialize(payload));
        }
        return out;
    });
    if (prepared.earlier_failure)
        co_return std::move(*prepared.earlier_failure);
    known = std::move(prepared.known);
    kept = std::move(prepared.kept);
    co_return std::move(prepared.applied);
}

boost::asio::awaitable<result<applied_change>> mapped_backend::apply(const resource_change& change_ref)
{
    // The pointers inside stay valid: they point into the caller's frame,
    // which awaits this call.
    const resource_change change = change_ref;
    const auto* resource = target_.mapping->find(change.type);
    if (!resource)
        co_return fail(errc::not_supported, "target " + target_.name + " does not provision " + change.type +
                                                " resources");

    std::optional<std::string> known;
    write_context context{&change, {}, 0, {}, {}, false};
    auto prepared = co_await prepare(change, known, context.kept);
    if (!prepared)
        co_return std::move(prepared).error();
    applied_change applied = std::move(*prepared);
    std::optional<failure> failed;
    try {
        switch (change.kind) {
        case change_kind::create: {
            auto id = co_await create(change, *resource, &context);
            applied.vendor_id = std::move(id);
            applied.linked_now = applied.vendor_id.has_value();
            break;
        }
        case change_kind::replace:
        case change_kind::patch:
            if (known) {
                co_await update(change, *resource, known, &context);
                applied.vendor_id = known;
            } else {
                // Not at the vendor (yet): linked later, or its create was
                // refused after being accepted. Creating it now (or finding
                // it, for link-existing targets) carries the whole state.
                if (change.named_members_only)
                    throw failure_exception{fail(errc::whole_membership_needed,
                                                 "group " + change.scim_id + " is created at the vendor whole")};
                auto id = co_await create(change, *resource, &context);
                applied.vendor_id = std::move(id);
                applied.linked_now = applied.vendor_id.has_value();
            }
            break;
        case change_kind::remove: co_await remove(change, *resource, known, &context); break;
        }
        co_await settle_jobs(&context);
    } catch (...) {
        failed = current_failure();
    }
    if (failed) {
        if (applied.intent) {
            const auto intent = applied.intent;
            co_await options_.store->write([this, intent] { intents_->finish(intent, false); });
        }
        co_return std::move(*failed);
    }
    co_return applied;
}

boost::asio::awaitable<void> mapped_backend::refuse_if_linked_elsewhere(const resource_change& change,
                                                                        const std::string& vendor_id)
{
    if (!correlation_)
        co_return;
    // A look-up finds by a value (an e-mail) that another resource may share
    // with this one: the vendor record it finds may already be that other
    // resource's. Linking it too would let each write of either overwrite the other.
    auto owner = co_await options_.store->read([this, &change, &vendor_id] {
        return correlation_->scim_id(target_.name, change.type, vendor_id);
    });
    if (owner && *owner != change.scim_id)
        throw failure_exception{fail(errc::vendor_conflict, "the vendor record " + vendor_id + " that the look-up "
                                                            "found is already linked to " + change.type + " " +
                                                            *owner + "; it is not shared")};
}

boost::asio::awaitable<mapped_backend::create_pass>
mapped_backend::create_once(mapping::render_result rendered, const mapping::render_input& input,
                            const mapping::resource_mapping& resource, bool may_repeat, write_context* context)
{
    const auto& change = *context->change;
    create_pass pass;
    pass.vendor_id = rendered.vendor_id;
    for (std::size_t i = 0; i < rendered.requests.size(); render_rest(rendered, i++, resource,
                                                                      mapping::operation::create, input, context)) {
        auto& request = rendered.requests[i];
        const auto* spec = request.spec;
        if (request.purpose == "lookup") {
            if (pass.linked)
                continue;
            const auto expected = request.match;  // which items are really this resource
            auto result = co_await send(std::move(request), &resource, tolerated::missing, context);
            if (!result.response || result.outcome.kind == connector::outcome_kind::not_found || !spec)
                continue;
            auto match = mapping::read_lookup(spec->response, to_mapping_response(*result.response), expected);
            if (match.outcome == mapping::lookup_outcome::ambiguous)
                throw failure_exception{fail(errc::vendor_conflict, "several vendor records match this " +
                                                                        change.type + "; resolve it at the vendor")};
            if (match.outcome == mapping::lookup_outcome::found) {
                co_await refuse_if_linked_elsewhere(change, *match.vendor_id);
                pass.vendor_id = match.vendor_id;
                pass.linked = true;
            }
            continue;
        }
        // An existing record was found: it is linked, not created again.
        if (pass.linked)
            break;
        const bool creating = request.purpose == "create";
        auto result = co_await send(std::move(request), &resource,
                                    creating && may_repeat ? tolerated::maybe_applied : tolerated::none, context);
        if (!result.ok()) {
            pass.unanswered = std::move(result);
            co_return pass;
        }
        if (!creating || pass.vendor_id || !spec || !result.response)
            continue;
        pass.vendor_id = mapping::read_vendor_id(spec->response, to_mapping_response(*result.response));
    }
    co_return pass;
}

boost::asio::awaitable<std::optional<std::string>> mapped_backend::create(resource_change change,
                                                                          const mapping::resource_mapping& resource,
                                                                          write_context* context)
{
    // The write-only password is offered to the mapping as the SCIM
    // attribute it was; it is never stored.
    json::object view = *change.after;
    if (change.password)
        view["password"] = *change.password;
    change.after = &view;
    const auto input = input_for(change, std::nullopt, context);

    // A create whose answer was lost is repeated within the request's
    // deadline only behind its look-up, which links what the lost one made.
    create_repetition repetition{false, mapping::retry_policy_of(target_.mapping->connection), change.scope.deadline};
    create_pass pass;
    for (unsigned number = 1;; ++number) {
        auto rendered = render(resource, mapping::operation::create, input);
        repetition.looks_up_first = std::any_of(rendered.requests.begin(), rendered.requests.end(),
                                                [](const auto& request) { return request.purpose == "lookup"; });
        pass = co_await create_once(std::move(rendered), input, resource, repetition.allows_another(number), context);
        if (!pass.unanswered)
            break;
        const auto wait =
            repetition.wait_before_next(*pass.unanswered, number, steady_clock::now(), connector::random_unit());
        if (!wait)
            throw_vendor_failure(*pass.unanswered, *target_.mapping, &resource);
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, *wait);
        co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    std::optional<std::string> vendor_id = std::move(pass.vendor_id);
    const bool linked = pass.linked;
    if (resource.create.style == mapping::create_style::link_existing && !linked &&
        resource.create.absent == mapping::when_absent::reject)
        throw failure_exception{fail(errc::invalid_value, "no record at the vendor matches this " + change.type +
                                                              "; this target only links to existing records")};
    if (!vendor_id && options_.dry_run)
        vendor_id = options_.placeholder_vendor_id;

    // A linked record keeps its own values until told: send it the whole
    // mapped state (an update from nothing), as the identity provider sees it.
    if (linked && vendor_id && resource.find(mapping::operation::update)) {
        resource_change sync = change;
        sync.before = nullptr;
        co_await send_all(resource, mapping::operation::update, input_for(sync, vendor_id, context), tolerated::none,
                          context);
    }

    // A resource the identity provider creates inactive, at a vendor whose
    // create (or, for a linked record, update) cannot carry the state: the
    // vendor would hold it active. Its deactivate follows at once.
    const auto* after_active = change.after->if_contains("active");
    const bool created_inactive = after_active && after_active->is_bool() && !after_active->as_bool();
    if (created_inactive && vendor_id && resource.find(mapping::operation::deactivate) &&
        !resource.carries_active(linked ? mapping::operation::update : mapping::operation::create)) {
        co_await send_all(resource, mapping::operation::deactivate, input_for(change, vendor_id, context),
                          tolerated::none, context);
    }

    if (change.type == "Group" && vendor_id) {
        auto ids = member_ids_of(*change.after);
        std::exception_ptr failed;
        try {
            if (!ids.empty())
                co_await members(mapping::operation::add_members, resource, *vendor_id, std::move(ids), context);
        } catch (...) {
            failed = std::current_exception();
        }
        if (failed) {
            // The group exists at the vendor but the SCIM create is refused:
            // take it back, so that the identity provider's retry does not
            // meet an orphan (best effort: the refusal stands either way).
            if (!options_.dry_run && resource.find(mapping::operation::remove)) {
                try {
                    auto undo = render(resource, mapping::operation::remove, input_for(change, vendor_id));
                    for (auto& request : undo.requests)
                        co_await send_(std::move(request), change.scope);
                } catch (const std::exception&) {
                }
            }
            std::rethrow_exception(failed);
        }
    }
    co_return vendor_id;
}

boost::asio::awaitable<void> mapped_backend::update(resource_change change, const mapping::resource_mapping& resource,
                                                    std::optional<std::string> vendor_id, write_context* context)
{
    json::object view = *change.after;
    if (change.password)
        view["password"] = *change.password;
    change.after = &view;
    const auto input = input_for(change, vendor_id, context);
    auto rendered = render(resource, mapping::operation::update, input);
    // What the vendor holds so far, should a later call of the sequence fail.
    std::vector<std::string> applied;
    std::optional<failure> failed;
    for (std::size_t i = 0; i < rendered.requests.size(); ++i) {
        auto attributes = rendered.requests[i].scim_attributes;
        try {
            co_await send(std::move(rendered.requests[i]), &resource, tolerated::none, context);
            render_rest(rendered, i, resource, mapping::operation::update, input, context);
        } catch (...) {
            failed = current_failure();
        }
        if (failed) {
            failed->applied_attributes = std::move(applied);
            throw failure_exception{std::move(*failed)};
        }
        applied.insert(applied.end(), attributes.begin(), attributes.end());
    }

    if (change.type == "Group") {
        const auto before = member_ids_of(*change.before), after = member_ids_of(*change.after);
        auto added = minus(after, before), removed = minus(before, after);
        if ((!added.empty() || !removed.empty()) && !vendor_id)
            throw failure_exception{
                fail(errc::not_linked, "group " + change.scim_id + " has no known record at the vendor yet")};
        try {
            if (!added.empty())
                co_await members(mapping::operation::add_members, resource, *vendor_id, std::move(added), context);
            if (!removed.empty())
                co_await members(mapping::operation::remove_members, resource, *vendor_id, std::move(removed),
                                 context);
        } catch (...) {
            failed = current_failure();
        }
        if (failed) {
            failed->applied_attributes = std::move(applied);
            throw failure_exception{std::move(*failed)};
        }
    }
}

boost::asio::awaitable<void> mapped_backend::remove(resource_change change, const mapping::resource_mapping& resource,
                                                    std::optional<std::string> vendor_id, write_context* context)
{
    // Never linked (created before the mapping, or still pending at the
    // vendor): there is nothing to delete there.
    if (!vendor_id)
        co_return;
    // A vendor without deletion gets the account deactivated instead.
    const auto op = resource.find(mapping::operation::remove) || !resource.find(mapping::operation::deactivate)
                        ? mapping::operation::remove
                        : mapping::operation::deactivate;
    // Already gone is what DELETE wants.
    co_await send_all(resource, op, input_for(change, vendor_id, context), tolerated::missing, context);
}

boost::asio::awaitable<void> mapped_backend::members(mapping::operation op, const mapping::resource_mapping& resource,
                                                     std::string vendor_id, std::vector<std::string> member_ids,
                                                     write_context* context)
{
    auto input = input_for(resource_change{change_kind::patch, "Group", {}, nullptr, nullptr, std::nullopt, {}},
                           vendor_id, context);
    const auto wanted = member_ids.size();
    const bool removing = op == mapping::operation::remove_members;
    const bool per_membership = resource.keeps_membership_values && options_.kept;
    const auto& group = *context->change;
    // What adding each of them kept (its membership's own id) addresses it.
    if (removing && per_membership)
        co_await options_.store->read([this, &group, &member_ids, context] {
            for (const auto& member : member_ids)
                for (auto& value : options_.kept->values(target_.name, group.type, group.scim_id, member))
                    context->membership_kept[member][value.name] = json::parse(value.json);
        });
    input.member_ids = std::move(member_ids);
    auto rendered = render(resource, op, input);
    // Members without a vendor record (a user of a link-later target whose
    // account does not exist yet) stay members in SCIM (IDP-COMPAT) but
    // cannot be sent; the others' change goes on.
    if (rendered.unresolved_members.size() == wanted)
        co_return;
    for (std::size_t i = 0; i < rendered.requests.size(); render_rest(rendered, i++, resource, op, input, context))
        co_await send(std::move(rendered.requests[i]), &resource, removing ? tolerated::missing : tolerated::none,
                      context);
    // The memberships ended at the vendor: what adding them kept goes too.
    if (removing && per_membership && !options_.dry_run)
        co_await options_.store->write([this, &group, &input] {
            for (const auto& member : input.member_ids)
                options_.kept->forget_membership(target_.name, group.type, group.scim_id, member);
        });
}

std::optional<std::string> mapped_backend::chosen_vendor_id(const resource_change& change) const
{
    const auto* resource = target_.mapping->find(change.type);
    if (!resource || resource->create.style != mapping::create_style::client_chooses_id)
        return std::nullopt;
    return render(*resource, mapping::operation::create, input_for(change, std::nullopt)).vendor_id;
}

bool mapped_backend::takes_named_members(const std::string& type) const
{
    const auto* resource = target_.mapping->find(type);
    return resource && !resource->reads_all_members();
}

void mapped_backend::committed(const resource_change& change, const applied_change& applied)
{
    if (options_.dry_run)
        return;
    if (correlation_) {
        if (change.kind == change_kind::remove)
            correlation_->unlink(target_.name, change.type, change.scim_id);
        else if (applied.linked_now && applied.vendor_id)
            correlation_->link(target_.name, change.type, change.scim_id, *applied.vendor_id);
    }
    // Nothing at the vendor is addressed through them any more.
    if (options_.kept && change.kind == change_kind::remove)
        options_.kept->forget_resource(target_.name, change.type, change.scim_id);
    if (applied.intent && intents_)
        intents_->finish(applied.intent, true);
}

void mapped_backend::abandoned(const resource_change&, const applied_change& applied)
{
    if (applied.intent && intents_ && !options_.dry_run)
        intents_->finish(applied.intent, false);
}

} // namespace bridge
