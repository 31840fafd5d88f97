#pragma once
// Rendering the vendor requests of one SCIM operation: a pure function of
// the loaded mapping, the resource before and after, the deployment's
// parameters and a few callbacks. No I/O; the pipeline sends what comes out.

#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mapping {

struct rendered_request {
    std::string purpose;        // "create", "update", "update:email", "deactivate", "lookup", "list", "progress", …
    std::string method;
    std::string path;           // percent-encoded, relative to the connection's base URL
    std::vector<std::pair<std::string, std::string>> query;    // raw values
    std::vector<std::pair<std::string, std::string>> headers;  // connection headers, then the request's
    std::optional<boost::json::value> body;
    bool idempotent = false;
    // The SCIM attributes whose change this request carries: after a failure
    // in a sequence, the pipeline knows exactly what the vendor has applied.
    std::vector<std::string> scim_attributes;
    std::vector<std::string> secrets;   // values revealed into this request (mask them in any output)
    // Look-ups: spec->response.match rendered, item pointer -> the value it
    // must equal (pass it to read_lookup).
    std::vector<std::pair<std::string, boost::json::value>> match;
    const request_spec* spec = nullptr; // how to read the answer (spec->response); owned by the mapping
    // for_each_member requests: the SCIM id of the member this one is for
    // (values its answer keeps belong to that membership).
    std::string member;

    // path + "?" + the percent-encoded query.
    std::string target() const;
};

struct render_input {
    const boost::json::object* old_resource = nullptr;   // update: the last known state; else null
    const boost::json::object* new_resource = nullptr;   // create/update: the new state; others: the current one
    std::optional<std::string> vendor_id;                // when the correlation table knows it
    const parameter_map* parameters = nullptr;
    secret_resolver secrets;
    reference_lookup lookup;
    random_source random;                                 // empty: OpenSSL's CSPRNG
    std::vector<std::string> member_ids;                  // add/remove_members: SCIM ids of the members
    page_position page;                                   // list
    std::optional<std::string> request_id;                // progress polling
    // Values earlier answers kept (response.keep): the resource's, and per
    // member SCIM id those of its memberships. Null: none kept.
    const boost::json::object* kept = nullptr;
    const std::map<std::string, boost::json::object, std::less<>>* membership_kept = nullptr;
};

enum class render_failure {
    none,
    invalid_value,        // the SCIM data cannot be expressed for the vendor (SCIM 400 invalidValue)
    not_linked,           // the vendor id is needed but unknown
    configuration,        // a parameter or secret could not be resolved
    unsupported,          // the mapping declares no such operation
};

struct render_result {
    std::vector<rendered_request> requests;   // send in this order
    std::optional<std::string> vendor_id;     // create with client_chooses_id: the id we chose
    std::vector<std::string> unresolved_members;  // members without a vendor id (left out)
    render_failure failure = render_failure::none;
    std::string error;                        // what failed, for the SCIM detail and the log (no secrets)

    bool ok() const { return failure == render_failure::none; }
};

// All requests of `op` for one resource. For update: the field requests
// per the update style (full / delta / per_attribute), each sent only when
// its rendering from the old state and from the new one differ in what the
// vendor receives, with deactivate or reactivate calls when `active` changed
// and the mapping declares them.
// For create with link_existing: the look-ups (purpose "lookup"), tried in order.
render_result render_operation(const mapping_file& mapping, const resource_mapping& resource, operation op,
                               const render_input& input);

// The progress request of an asynchronous write (input.request_id set).
render_result render_progress(const mapping_file& mapping, const render_input& input);

// The vendor view of a resource: every mapped field written on `op`, by
// vendor field name (dots not yet nested). Used for deltas and by tests.
struct fields_result {
    boost::json::object fields;
    std::vector<std::string> secrets;
    render_failure failure = render_failure::none;
    std::string error;
};
fields_result render_fields(const resource_mapping& resource, operation op, const boost::json::object* scim_resource,
                            const render_input& input);

} // namespace mapping
