#pragma once
// From a vendor's outcome (or a rendering failure) to the SCIM error the
// identity provider sees. Decided here once: every vendor target answers
// alike, and none answers a bare 500.

#include "connector/vendor_outcome.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/request_renderer.hpp"
#include "mapping/response_reader.hpp"
#include "scim/error.hpp"

#include <chrono>
#include <optional>

namespace bridge {

// A 503 that knows when to come back: the router puts retry_after() in a
// Retry-After header (identity providers back off on it).
class vendor_unavailable : public scim::error {
public:
    vendor_unavailable(std::string detail, std::optional<std::chrono::seconds> retry_after);
    std::chrono::seconds retry_after() const noexcept { return retry_after_; }

private:
    std::chrono::seconds retry_after_;
};

// The connector's vendor_response in the mapping engine's shape.
mapping::vendor_response to_mapping_response(const connector::vendor_response& response);

// rejected -> 400 invalidValue with the vendor's field messages (but a 403,
// which no change of the data can fix, -> 502 naming the credentials); conflict ->
// 409 uniqueness; not_found -> 404; retryable_exhausted -> 503 (+ Retry-After);
// unauthorized, fatal -> 502.
[[noreturn]] void throw_vendor_failure(const connector::vendor_result& result, const mapping::mapping_file& mapping,
                                       const mapping::resource_mapping* resource);

// invalid_value -> 400 invalidValue; not_linked -> 409 (the vendor record is
// not known yet); configuration -> 502; unsupported -> 501.
[[noreturn]] void throw_render_failure(const mapping::render_result& result);

} // namespace bridge
