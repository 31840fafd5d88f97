#include "bridge/drift_repair.hpp"

#include "bridge/correlation_lookup.hpp"
#include "bridge/vendor_record_fetch.hpp"
#include "bridge/vendor_failure.hpp"
#include "mapping/response_reader.hpp"
#include "store/correlation_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bridge {
namespace json = boost::json;

namespace {

// A repair is one sequence written with exceptions; repair() reports them.
applied_change applied_or_throw(result<applied_change> done)
{
    if (!done)
        throw failure_exception{std::move(done).error()};
    return std::move(*done);
}

} // namespace

drift_repair::drift_repair(mapped_target target, vendor_sender send, store::store_set stores,
                           std::shared_ptr<mapped_backend> backend, std::string request_id)
    : target_(std::move(target)), send_(std::move(send)), stores_(std::move(stores)),
      backend_(std::move(backend)), request_id_(std::move(request_id))
{
}

boost::asio::awaitable<repair_outcome> drift_repair::repair(const mapping::resource_mapping* resource,
                                                            drift_finding finding,
                                                            const vendor_listing* listing)
{
    using result = repair_outcome::result;
    if (finding.kind == drift_kind::unknown_to_bridge)
        co_return repair_outcome{result::skipped, "left alone: reconcile never changes a record the bridge does not know"};
    if (finding.kind == drift_kind::not_linked)
        co_return repair_outcome{result::skipped, "left alone: not linked to a vendor record"};
    // A bridge running beside reconcile may have written since the listing:
    // the repair starts from the store as it is now, or not at all.
    const auto key = store::resource_key{target_.name, resource->type, finding.scim_id};
    const auto row = co_await stores_.executor->read([&] { return stores_.resources->get(key); });
    if (!row)
        co_return repair_outcome{result::skipped, "skipped: deleted from the store meanwhile"};
    const auto linked = co_await stores_.executor->read(
        [&] { return stores_.correlations->vendor_id(target_.name, resource->type, finding.scim_id); });
    if (linked != finding.vendor_id)
        co_return repair_outcome{result::skipped, "skipped: linked to another vendor record meanwhile"};
    auto stored = json::parse(row->json).as_object();
    repair_outcome outcome{result::repaired, {}};
    try {
        if (finding.kind == drift_kind::fields_differ) {
            outcome.detail = co_await update(resource, &finding, stored);
            outcome = co_await verify(resource, &finding, &stored, std::move(outcome));
        } else {
            const bool present = co_await still_at_vendor(resource, finding.vendor_id);
            if (present)
                outcome = {result::skipped, "skipped: the vendor has record " + finding.vendor_id +
                                                " after all (written after the listing?)"};
            else
                outcome.detail = co_await create(resource, &finding, std::move(stored), listing);
        }
    } catch (...) {
        const auto why = current_failure();
        outcome = {result::failed, why.cause() == errc::internal
                                       ? why.detail
                                       : "the vendor call failed (" + std::to_string(why.answer().status) +
                                             "): " + why.detail};
    }
    co_return outcome;
}

boost::asio::awaitable<std::string> drift_repair::update(const mapping::resource_mapping* resource,
                                                         const drift_finding* finding, json::object stored)
{
    // From the vendor's view to the stored state: a delta or per-attribute
    // mapping sends exactly what differs, a status change its own calls.
    auto before =
        mapping::vendor_to_scim(*resource, finding->record->record, correlation_lookup(stores_.correlations, target_.name))
            .attributes;
    // Membership is not compared: it must not look changed either.
    if (const auto* members = stored.if_contains("members"))
        before["members"] = *members;
    resource_change change{change_kind::replace, resource->type, finding->scim_id, &before, &stored,
                                   std::nullopt, request_scope::unbounded(request_id_)};
    const auto applied = applied_or_throw(co_await backend_->apply(change));
    co_await stores_.executor->write([&] { backend_->committed(change, applied); });
    std::string names;
    for (const auto& drift : finding->attributes)
        names += (names.empty() ? "" : ", ") + drift.attribute;
    co_return "the stored state sent to the vendor (" + names + ")";
}

boost::asio::awaitable<std::string> drift_repair::create(const mapping::resource_mapping* resource,
                                                         const drift_finding* finding, json::object stored,
                                                         const vendor_listing* listing)
{
    resource_change change{change_kind::create, resource->type, finding->scim_id, nullptr, &stored,
                                   std::nullopt, request_scope::unbounded(request_id_)};
    const auto applied = applied_or_throw(co_await backend_->apply(change));
    co_await stores_.executor->write([&] {
        // The old id is gone for good; an asynchronous create links later.
        if (!applied.vendor_id)
            stores_.correlations->unlink(target_.name, resource->type, finding->scim_id);
        backend_->committed(change, applied);
    });
    if (!applied.vendor_id)
        co_return std::string("created again at the vendor; its id follows when the vendor's job completes");
    for (const auto& record : listing->records)
        if (record.vendor_id == *applied.vendor_id)
            co_return "linked to the vendor's existing record " + *applied.vendor_id + " (found by the create's look-up)";
    co_return "created again at the vendor as " + *applied.vendor_id;
}

boost::asio::awaitable<repair_outcome> drift_repair::verify(const mapping::resource_mapping* resource,
                                                            const drift_finding* finding, const json::object* stored,
                                                            repair_outcome sent)
{
    // The vendor accepted the update; whether it changed anything shows only
    // in the record read back (a vendor may accept a field and ignore it).
    if (!can_fetch(*resource)) {
        sent.detail += " (not read back: the mapping has no get)";
        co_return sent;
    }
    const auto fetched = co_await fetch_vendor_record(target_, resource, send_, finding->vendor_id, request_id_);
    if (!fetched.record) {
        sent.detail += fetched.found ? " (not read back: the mapping's get reads no record)"
                                     : " (not read back: the vendor no longer finds the record)";
        co_return sent;
    }
    mapping::render_input context;
    context.parameters = &target_.parameters;
    context.secrets = target_.secrets;
    context.lookup = correlation_lookup(stores_.correlations, target_.name);
    const auto left = compare_record(*resource, *stored, *fetched.record, context);
    if (left.empty())
        co_return sent;
    std::string still;
    for (const auto& drift : left)
        still += (still.empty() ? "" : "; ") + drift.attribute + ": vendor " +
                 (drift.vendor.is_null() ? std::string("(none)") : json::serialize(drift.vendor));
    co_return repair_outcome{repair_outcome::result::failed,
                             "the vendor accepted the update but its record still differs (" + still + ")"};
}

boost::asio::awaitable<bool> drift_repair::still_at_vendor(const mapping::resource_mapping* resource,
                                                           std::string vendor_id)
{
    if (!can_fetch(*resource))
        co_return false;
    const auto fetched = co_await fetch_vendor_record(target_, resource, send_, std::move(vendor_id), request_id_);
    co_return fetched.found;
}

} // namespace bridge
