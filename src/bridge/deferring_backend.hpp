#pragma once
// Deferred delivery's first half (a target's `delivery: deferred`): a
// vendor backend around the target's mapped backend that, when the vendor
// cannot be reached in the request's time, lets the store commit the write
// anyway and keeps the vendor's part back as an outbox entry, which the
// target's outbox_courier delivers once the vendor is back. The identity
// provider gets the answer it would have got on success; reads are served
// from the store meanwhile.
//
// A write is kept back without calling the vendor when its resource
// already has an entry (so the vendor gets its changes in order, coalesced)
// or while any entry of the target waits (so a group's new member is
// created at the vendor before the membership). A write carrying a
// password the mapping sends cannot be kept back, since the bridge never
// stores the password: it is refused with 503, as without deferral.
// A vendor's refusal (4xx) is never kept back: it is the answer.

#include "bridge/mapped_backend.hpp"
#include "bridge/outbox_courier.hpp"

#include <memory>
#include <optional>

namespace bridge {

class deferring_backend : public vendor_backend {
public:
    deferring_backend(std::shared_ptr<mapped_backend> vendor, std::shared_ptr<outbox_courier> courier,
                      outbox_stores stores);

    boost::asio::awaitable<result<applied_change>> apply(const resource_change& change) override;
    void committed(const resource_change& change, const applied_change& applied) override;
    void abandoned(const resource_change& change, const applied_change& applied) override;
    void start(boost::asio::any_io_executor executor) override;
    void stop() override;

private:
    // Refusals of an earlier delivery of this resource that the identity
    // provider has not heard of: marked reported and answered, once, as
    // for an asynchronous job.
    boost::asio::awaitable<failure> report(const resource_change& change, std::vector<store::job_row> refusals);

    std::shared_ptr<mapped_backend> vendor_;
    std::shared_ptr<outbox_courier> courier_;
    outbox_stores stores_;
};

} // namespace bridge
