#include "bridge/outbox_courier.hpp"

#include "bridge/sleep_for.hpp"
#include "bridge/store_units.hpp"
#include "bridge/vendor_failure.hpp"
#include "connector/backoff.hpp"
#include "observability/process_metrics.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <string_view>

namespace bridge {
namespace json = boost::json;

namespace {

// Entries taken per round; the next round follows at once when it was full.
constexpr std::size_t round_size = 256;
constexpr std::chrono::milliseconds min_pause{50};

// Not the vendor's verdict on the data: try this entry again later, the
// others now (the store hiccuped; a group's record is not linked yet).
bool retry_later(const failure& why)
{
    return why.cause() == errc::store_failed || why.cause() == errc::not_linked ||
           why.cause() == errc::internal;
}

constexpr std::string_view delivery_prefix = "delivery of ";

// The job's operation when the vendor refuses the delivery.
std::string operation_of(change_kind kind)
{
    switch (kind) {
    case change_kind::create: return std::string(delivery_prefix) + "a create";
    case change_kind::remove: return std::string(delivery_prefix) + "a delete";
    default: return std::string(delivery_prefix) + "an update";
    }
}

connector::retry_policy waiting_policy(std::chrono::milliseconds max_backoff)
{
    return {.max_attempts = 0, .initial_backoff = std::chrono::milliseconds(1000), .max_backoff = max_backoff};
}

} // namespace

bool is_delivery_job(const store::job_row& job)
{
    return job.operation.starts_with(delivery_prefix);
}

outbox_courier::outbox_courier(std::string target, std::shared_ptr<mapped_backend> vendor, outbox_stores stores,
                               std::shared_ptr<resource_lock_table> locks, courier_settings settings,
                               delivery_listener listener)
    : target_(std::move(target)),
      vendor_(std::move(vendor)),
      stores_(std::move(stores)),
      locks_(std::move(locks)),
      settings_(settings),
      listener_(std::move(listener))
{
}

void outbox_courier::deferred(const delivery_event& event)
{
    deferrals_.fetch_add(1);
    pending_.fetch_add(1);
    observability::process_metrics().outbox_event(target_, "deferred");
    if (listener_)
        listener_(event);
}

void outbox_courier::tell(delivery_event::kind what, const store::outbox_entry& entry, std::string error) const
{
    if (listener_)
        listener_({what, target_, entry.type, entry.scim_id, entry.scim_request_id, std::move(error), entry.id,
                   entry.attempts + 1});
}

void outbox_courier::start(boost::asio::any_io_executor executor)
{
    // On a strand of its own: the four delivery workers of a round are
    // joined with awaitable operators (a parallel group), whose completion
    // and cancellation state must not be touched from two threads at once,
    // as the server's io_context runs several.
    boost::asio::co_spawn(
        boost::asio::make_strand(executor),
        [self = shared_from_this()]() -> boost::asio::awaitable<void> { co_await self->run(); },
        boost::asio::detached);
}

boost::asio::awaitable<void> outbox_courier::refresh_count()
{
    const auto deferrals = deferrals_.load();
    auto count = co_await read_unit(*stores_.executor, [this] { return stores_.outbox->pending_count(target_); });
    if (!count)
        co_return;
    // A write kept back while the count was read, or whose commit was
    // still on its way, may not be in it: the count only drops a round
    // later (and not while writes were kept back meanwhile), or a write
    // could pass an entry that still waits.
    const auto lowest = std::max(*count, last_count_);
    last_count_ = *count;
    if (deferrals_.load() == deferrals)
        pending_.store(lowest);
    else
        pending_.store(std::max(lowest, pending_.load()));
    observability::process_metrics().outbox_pending(target_).set(*count);
}

boost::asio::awaitable<void> outbox_courier::run()
{
    co_await refresh_count();
    while (!stopped_.load(std::memory_order_relaxed)) {
        auto delay = settings_.idle_check;
        if (!co_await deliver_due()) {
            // The vendor is still away: 1 s, 2 s, 4 s … up to max_backoff,
            // jittered; the next round starts with the entry that waited.
            delay = connector::backoff_delay(waiting_policy(settings_.max_backoff), ++outage_rounds_,
                                             connector::random_unit());
        } else {
            outage_rounds_ = 0;
            auto next = co_await read_unit(*stores_.executor,
                                           [this] { return stores_.outbox->next_due_in_ms(target_); });
            // Not below a floor: an entry left due (its resource's lock was
            // busy) must not make the loop spin.
            if (next && *next)
                delay = std::clamp(std::chrono::milliseconds(**next), min_pause, settings_.idle_check);
        }
        co_await sleep_for(delay);
    }
}

boost::asio::awaitable<bool> outbox_courier::deliver_due()
{
    for (;;) {
        auto due = co_await read_unit(*stores_.executor, [this] { return stores_.outbox->due(target_, round_size); });
        if (!due)
            co_return true;  // the store failed: the next round tries again
        // Users first, all of them delivered before any group, whose
        // members must exist at the vendor (due() lists Users first).
        const auto groups = std::find_if(due->begin(), due->end(), [](const auto& e) { return e.type != "User"; });
        if (!co_await deliver_all(due->begin(), groups)) {
            co_await refresh_count();
            co_return false;
        }
        // A user still waiting (not due yet after a hiccup of its own)
        // holds the groups back: a group's new member must exist first.
        auto users_waiting = co_await read_unit(
            *stores_.executor, [this] { return stores_.outbox->pending_count(target_, std::string_view("User")); });
        const bool groups_wait = !users_waiting || *users_waiting > 0;
        const bool reachable = groups_wait || co_await deliver_all(groups, due->end());
        co_await refresh_count();
        if (!reachable)
            co_return false;
        if (groups_wait || due->size() < round_size)
            co_return true;
    }
}

boost::asio::awaitable<bool> outbox_courier::deliver_all(entry_iterator first, entry_iterator last)
{
    // Four entries at a time (different resources: one entry each; their
    // vendor calls still keep the connector's rate_limit.max_concurrent),
    // each worker taking the next; all stop at the first sign of the outage.
    std::atomic<entry_iterator::difference_type> next{0};
    std::atomic<bool> reachable{true};
    auto worker = [this, first, last, &next, &reachable]() -> boost::asio::awaitable<void> {
        while (reachable.load() && !stopped_.load(std::memory_order_relaxed)) {
            const auto at = first + next.fetch_add(1);
            if (at >= last)
                break;
            if (co_await deliver(std::move(*at)) == outcome::unreachable)
                reachable.store(false);
        }
    };
    using namespace boost::asio::experimental::awaitable_operators;
    co_await (worker() && worker() && worker() && worker());
    co_return reachable.load();
}

boost::asio::awaitable<outbox_courier::outcome> outbox_courier::deliver(store::outbox_entry entry)
{
    try {
        co_return co_await deliver_locked(std::move(entry));
    } catch (const std::exception&) {
        // Unreadable JSON in the store, say: tried again next round, and
        // the others go on.
        co_return outcome::retry_later;
    }
}

boost::asio::awaitable<outbox_courier::outcome> outbox_courier::deliver_locked(store::outbox_entry entry)
{
    auto scope = request_scope::unbounded("outbox-" + std::to_string(entry.id));
    scope.deadline = steady_clock::now() + settings_.delivery_timeout;
    lock_failure failed = lock_failure::none;
    auto held = co_await locks_->acquire(resource_lock_table::resource_key(entry.type, entry.scim_id), scope, failed);
    if (!held.held())
        co_return outcome::retry_later;  // a write of the resource held it all along: next round

    // Under the lock: the entry and the store's state as they are now (a
    // write may have coalesced into the entry while this one waited).
    struct now_state {
        std::optional<store::outbox_entry> entry;
        std::optional<store::resource_row> row;
    };
    auto state = co_await read_unit(*stores_.executor, [this, &entry] {
        return now_state{stores_.outbox->find(entry.id),
                         stores_.resources->get({target_, entry.type, entry.scim_id})};
    });
    if (!state)
        co_return outcome::retry_later;
    if (!state->entry || !state->entry->pending())
        co_return outcome::delivered;  // an admin dropped it, or it was delivered meanwhile
    co_return co_await send(*state->entry, state->row ? &*state->row : nullptr);
}

boost::asio::awaitable<outbox_courier::outcome> outbox_courier::send(const store::outbox_entry& entry,
                                                                    const store::resource_row* row)
{
    std::optional<json::object> before, after;
    if (entry.vendor_state)
        before = json::parse(*entry.vendor_state).as_object();
    if (row)
        after = json::parse(row->json).as_object();

    auto scope = request_scope::unbounded(entry.scim_request_id.empty() ? "outbox-" + std::to_string(entry.id)
                                                                         : entry.scim_request_id);
    scope.deadline = steady_clock::now() + settings_.delivery_timeout;
    const change_kind kind = !after ? change_kind::remove : before ? change_kind::replace : change_kind::create;
    const resource_change change{kind, entry.type, entry.scim_id, before ? &*before : nullptr,
                                 after ? &*after : nullptr, std::nullopt, scope};

    // Deleted while a create that went unanswered may have left a record
    // at the vendor, under an id nobody knows: the create's look-ups find
    // it (or it is made), so that the delete reaches it.
    if (kind == change_kind::remove && entry.maybe_created && before)
        if (auto found = co_await link_unknown_record(entry, *before); found != outcome::delivered)
            co_return found;

    applied_change applied;
    if (before || after) {  // created and deleted while kept back: nothing to tell the vendor
        auto done = co_await vendor_->apply(change);
        if (!done) {
            const auto& why = done.error();
            if (auto waits = co_await wait_if_not_refused(entry, why))
                co_return *waits;
            co_await refused(entry, kind, why);
            co_return outcome::refused;
        }
        applied = std::move(*done);
    }
    auto recorded = co_await write_unit(*stores_.executor, [this, &entry, &change, &applied, &before, &after] {
        if (before || after)
            vendor_->committed(change, applied);
        stores_.outbox->remove(entry.id);
    });
    if (!recorded) {
        // The vendor has it, the store could not say so: the entry stays
        // and is sent again, which brings the vendor to the same state.
        vendor_->abandoned(change, applied);
        co_return outcome::retry_later;
    }
    observability::process_metrics().outbox_event(target_, "delivered");
    tell(delivery_event::kind::delivered, entry);
    co_return outcome::delivered;
}

boost::asio::awaitable<std::optional<outbox_courier::outcome>> outbox_courier::wait_if_not_refused(
    const store::outbox_entry& entry, const failure& why)
{
    if (!vendor_unreachable(why) && !retry_later(why))
        co_return std::nullopt;
    // The vendor away: the loop as a whole waits, and the entry keeps its
    // place, so that after the outage the target's entries go out in their
    // order (a user before the group it joined). Another hiccup: this
    // entry alone waits.
    const auto delay = vendor_unreachable(why) ? std::chrono::milliseconds(0)
                                        : connector::backoff_delay(waiting_policy(settings_.max_backoff),
                                                                   static_cast<unsigned>(entry.attempts + 1),
                                                                   connector::random_unit());
    (void)co_await write_unit(*stores_.executor, [this, &entry, &why, delay] {
        stores_.outbox->reschedule(entry.id, delay.count(), why.detail);
    });
    tell(delivery_event::kind::waiting, entry, why.detail);
    co_return vendor_unreachable(why) ? outcome::unreachable : outcome::retry_later;
}

boost::asio::awaitable<outbox_courier::outcome> outbox_courier::link_unknown_record(const store::outbox_entry& entry,
                                                                                   const json::object& state)
{
    auto scope = request_scope::unbounded("outbox-" + std::to_string(entry.id));
    scope.deadline = steady_clock::now() + settings_.delivery_timeout;
    const resource_change create{change_kind::create, entry.type, entry.scim_id, nullptr, &state, std::nullopt, scope};
    if (auto chosen = vendor_->chosen_vendor_id(create)) {
        // The record, if the lost call made it, has the id the bridge
        // chose: linked without a call (a delete of nothing is "gone").
        applied_change known;
        known.vendor_id = std::move(chosen);
        known.linked_now = true;
        auto linked = co_await write_unit(*stores_.executor, [this, &create, &known] { vendor_->committed(create, known); });
        co_return linked ? outcome::delivered : outcome::retry_later;
    }
    auto done = co_await vendor_->apply(create);
    if (!done) {
        if (auto waits = co_await wait_if_not_refused(entry, done.error()))
            co_return *waits;
        co_return outcome::delivered;  // refused: no record to find or make; the delete has nothing to do
    }
    auto linked = co_await write_unit(*stores_.executor, [this, &create, &done] { vendor_->committed(create, *done); });
    if (!linked) {
        vendor_->abandoned(create, *done);
        co_return outcome::retry_later;
    }
    co_return outcome::delivered;
}

boost::asio::awaitable<void> outbox_courier::refused(const store::outbox_entry& entry, change_kind kind,
                                                     const failure& why)
{
    (void)co_await write_unit(*stores_.executor, [this, &entry, kind, &why] {
        stores_.outbox->mark_failed(entry.id, why.detail);
        // Surfaced like a failed asynchronous job: listed by `jobs`,
        // answered once to the resource's next write.
        const auto operation = operation_of(kind);
        const auto job = stores_.jobs->add({target_, entry.type, entry.scim_id, operation,
                                            "outbox-" + std::to_string(entry.id), entry.scim_request_id},
                                           0);
        stores_.jobs->finish(job, false, why.detail);
    });
    observability::process_metrics().outbox_event(target_, "refused");
    tell(delivery_event::kind::refused, entry, why.detail);
}

} // namespace bridge
