#pragma once
// From a vendor's outcome (or a rendering failure) to the SCIM error the
// identity provider sees. Decided here once: every vendor target answers
// alike, and none answers a bare 500.

#include "connector/vendor_outcome.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/request_renderer.hpp"
#include "mapping/response_reader.hpp"
#include "bridge/request_error.hpp"

#include <chrono>
#include <optional>

namespace bridge {

// The connector's vendor_response in the mapping engine's shape.
mapping::vendor_response to_mapping_response(const connector::vendor_response& response);

// rejected -> vendor_rejected (400 invalidValue with the vendor's field
// messages; but a 403, which no change of the data can fix, -> vendor_denied,
// 502 naming the credentials); conflict -> vendor_conflict (409 uniqueness);
// not_found -> vendor_not_found (404); retryable_exhausted ->
// vendor_unavailable (503 + Retry-After); unauthorized -> vendor_denied,
// fatal -> vendor_failed (502).
failure vendor_failure(const connector::vendor_result& result, const mapping::mapping_file& mapping,
                       const mapping::resource_mapping* resource);

// invalid_value -> 400 invalidValue; not_linked -> 409 (the vendor record is
// not known yet); configuration -> 502; unsupported -> 501.
failure render_failure(const mapping::render_result& result);

// The same, thrown as failure_exception (steps written with exceptions).
[[noreturn]] void throw_vendor_failure(const connector::vendor_result& result, const mapping::mapping_file& mapping,
                                       const mapping::resource_mapping* resource);
[[noreturn]] void throw_render_failure(const mapping::render_result& result);

// The vendor could not be reached, or not within the deadline: nothing says
// it refused the change, so the change may wait for it (deferred delivery).
bool vendor_unreachable(const failure& why);

} // namespace bridge
