#pragma once
// The production vendor_sender: rendered requests through a target's
// vendor_connector (auth, limits, retries, audit).

#include "bridge/mapped_backend.hpp"
#include "connector/vendor_connector.hpp"

#include <memory>

namespace bridge {

connector::vendor_request to_vendor_request(const mapping::rendered_request& request, const request_scope& scope);

vendor_sender connector_sender(std::shared_ptr<connector::vendor_connector> client);

} // namespace bridge
