#pragma once
// A vendor target as the pipeline sees it: its mapping, deployment
// parameters and secrets, and the function that sends rendered requests.

#include "bridge/request_scope.hpp"
#include "connector/vendor_outcome.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"
#include "mapping/request_renderer.hpp"
#include "scim/schema.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>

namespace bridge {

// Sends one rendered request on behalf of the inbound request `scope`
// (its id for the audit, its deadline for every attempt; arguments by
// value: coroutines). The transport is a function so that a dry run renders
// through exactly the same steps and records instead.
using vendor_sender =
    std::function<boost::asio::awaitable<connector::vendor_result>(mapping::rendered_request, request_scope scope)>;

struct mapped_target {
    std::string name;  // the bridge's target name (correlation, intents, audit)
    std::shared_ptr<const mapping::mapping_file> mapping;
    mapping::parameter_map parameters;
    mapping::secret_resolver secrets;
    // The deployed schemas extended by the mapping's own attributes; null
    // when the mapping declares none.
    std::shared_ptr<const scim::schema_registry> schemas;
};

} // namespace bridge
