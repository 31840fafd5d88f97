#pragma once
// A vendor target's backend: each SCIM change rendered through the target's
// mapping file into vendor requests, sent in order, their answers read back
// (vendor id, errors) and the vendor's id kept in the correlation table.
//
// The transport is a function, so that a dry run renders through exactly
// the same steps and records instead of sending.

#include "bridge/vendor_backend.hpp"
#include "connector/vendor_outcome.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"
#include "mapping/request_renderer.hpp"
#include "store/correlation_store.hpp"
#include "store/intent_store.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace bridge {

// Sends one rendered request on behalf of the inbound request `request_id`
// (arguments by value: coroutines).
using vendor_sender =
    std::function<boost::asio::awaitable<connector::vendor_result>(mapping::rendered_request, std::string request_id)>;

struct mapped_target {
    std::string name;  // the bridge's target name (correlation, intents, audit)
    std::shared_ptr<const mapping::mapping_file> mapping;
    mapping::parameter_map parameters;
    mapping::secret_resolver secrets;
};

struct mapped_backend_options {
    // Dry runs: nothing is written (no intent, no correlation), and a create
    // whose answer names no id continues with this placeholder as the vendor id.
    bool dry_run = false;
    std::string placeholder_vendor_id = "{vendor_id}";
};

class mapped_backend : public vendor_backend {
public:
    // `intents` may be null (no intent rows).
    mapped_backend(mapped_target target, vendor_sender send, std::shared_ptr<store::correlation_store> correlation,
                   std::shared_ptr<store::intent_store> intents, mapped_backend_options options = {});

    boost::asio::awaitable<applied_change> apply(const resource_change& change) override;
    void committed(const resource_change& change, const applied_change& applied) override;
    void abandoned(const resource_change& change, const applied_change& applied) override;

    const mapped_target& target() const { return target_; }

private:
    boost::asio::awaitable<std::optional<std::string>> create(resource_change change,
                                                              const mapping::resource_mapping& resource);
    boost::asio::awaitable<void> update(resource_change change, const mapping::resource_mapping& resource,
                                        std::optional<std::string> vendor_id);
    boost::asio::awaitable<void> remove(resource_change change, const mapping::resource_mapping& resource,
                                        std::optional<std::string> vendor_id);
    boost::asio::awaitable<void> members(mapping::operation op, const mapping::resource_mapping& resource,
                                         std::string vendor_id, std::vector<std::string> member_ids,
                                         std::string request_id);
    // Sends and returns the answer; throws the SCIM error of a failure
    // (a 404 is accepted when `missing_ok`: deleting what is gone).
    boost::asio::awaitable<connector::vendor_result> send(mapping::rendered_request request,
                                                          const mapping::resource_mapping* resource,
                                                          bool missing_ok, std::string request_id);
    mapping::render_result render(const mapping::resource_mapping& resource, mapping::operation op,
                                  const mapping::render_input& input) const;
    mapping::render_input input_for(const resource_change& change, std::optional<std::string> vendor_id) const;

    mapped_target target_;
    vendor_sender send_;
    std::shared_ptr<store::correlation_store> correlation_;
    std::shared_ptr<store::intent_store> intents_;
    mapped_backend_options options_;
};

} // namespace bridge
