#include "bridge/deferring_backend.hpp"

#include "bridge/store_units.hpp"
#include "bridge/vendor_failure.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace bridge {

namespace {

// The vendor's attempts end this much before the request's deadline, so
// that a write kept back is still committed and answered in time.
steady_clock::time_point with_room_to_commit(steady_clock::time_point deadline)
{
    if (deadline == steady_clock::time_point::max())
        return deadline;
    const auto left = deadline - steady_clock::now();
    return deadline - std::clamp<steady_clock::duration>(left / 10, steady_clock::duration::zero(),
                                                         std::chrono::seconds(1));
}

applied_change kept_back(bool unanswered)
{
    applied_change out;
    out.deferred = true;
    out.unanswered = unanswered;
    return out;
}

} // namespace

deferring_backend::deferring_backend(std::shared_ptr<mapped_backend> vendor, std::shared_ptr<outbox_courier> courier,
                                     outbox_stores stores)
    : vendor_(std::move(vendor)), courier_(std::move(courier)), stores_(std::move(stores))
{
}

boost::asio::awaitable<failure> deferring_backend::report(const resource_change& change,
                                                         std::vector<store::job_row> refusals)
{
    auto marked = co_await write_unit(*stores_.executor, [this, &refusals] {
        for (const auto& job : refusals)
            stores_.jobs->mark_reported(job.id);
    });
    if (!marked)
        co_return std::move(marked).error();
    const auto& first = refusals.front();
    co_return fail(errc::earlier_job_failed,
                   "the vendor refused the later " + first.operation + " of this " + change.type +
                       ", kept back while it was unreachable (job " + std::to_string(first.id) + "): " +
                       first.last_error + "; the next write sends the current state again");
}

boost::asio::awaitable<result<applied_change>> deferring_backend::apply(const resource_change& change)
{
    const auto* resource = vendor_->target().mapping->find(change.type);
    if (!resource)
        co_return co_await vendor_->apply(change);  // refused there, as for any target
    const bool carries_password = change.password && resource->sends_write_only();

    // Whether the resource has an entry, and what of its delivery the
    // vendor refused that the identity provider has not heard of yet.
    struct outbox_view {
        bool waiting = false;
        std::vector<store::job_row> refusals;
    };
    auto seen = co_await read_unit(*stores_.executor, [this, &change] {
        outbox_view view;
        const auto& target = vendor_->target().name;
        view.waiting = stores_.outbox->find(target, change.type, change.scim_id).has_value();
        if (view.waiting)
            for (auto& job : stores_.jobs->unreported_failures(target, change.type, change.scim_id))
                if (is_delivery_job(job))
                    view.refusals.push_back(std::move(job));
        return view;
    });
    if (!seen)
        co_return std::move(seen).error();
    if (!seen->refusals.empty())
        co_return co_await report(change, std::move(seen->refusals));
    if (seen->waiting || courier_->backlog()) {
        if (carries_password)
            co_return fail_unavailable(errc::vendor_unavailable,
                                       "changes for this target wait for delivery to the vendor, which was "
                                       "unreachable; a write carrying a password cannot wait (the password is never "
                                       "stored): retry once they are delivered",
                                       std::chrono::seconds(10));
        co_return kept_back(false);
    }

    auto attempt = change;
    attempt.scope.deadline = with_room_to_commit(change.scope.deadline);
    auto done = co_await vendor_->apply(attempt);
    if (done || carries_password || !vendor_unreachable(done.error()))
        co_return done;
    co_return kept_back(true);
}

void deferring_backend::committed(const resource_change& change, const applied_change& applied)
{
    if (!applied.deferred) {
        vendor_->committed(change, applied);
        return;
    }
    // Inside the write's transaction: the entry commits with the state.
    store::outbox_store::deferral write;
    if (change.before)
        write.vendor_state = boost::json::serialize(*change.before);
    write.scim_request_id = change.scope.request_id;
    write.maybe_created = change.kind == change_kind::create && applied.unanswered;
    if (change.kind == change_kind::remove)
        write.deleted_state = write.vendor_state;
    const auto& target = vendor_->target().name;
    stores_.outbox->defer(target, change.type, change.scim_id, write);
    courier_->deferred({delivery_event::kind::deferred, target, change.type, change.scim_id, change.scope.request_id,
                        {}, 0, 0});
}

void deferring_backend::abandoned(const resource_change& change, const applied_change& applied)
{
    if (!applied.deferred)
        vendor_->abandoned(change, applied);
}

void deferring_backend::start(boost::asio::any_io_executor executor)
{
    vendor_->start(executor);
    courier_->start(std::move(executor));
}

void deferring_backend::stop()
{
    vendor_->stop();
    courier_->stop();
}

} // namespace bridge
