#pragma once
// Reading vendor answers: the vendor id, returned fields back into SCIM
// (the reverse mapping, also used by reconcile), list pages, look-up
// matches, error bodies, asynchronous acceptance and progress. Pure.

#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mapping {

struct vendor_response {
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    boost::json::value body;   // null when empty or not JSON
};

// From the response's id pointer (a number is turned into text) or the last
// path segment of the Location header.
std::optional<std::string> read_vendor_id(const response_spec& spec, const vendor_response& response);

// The values `spec.keep` names, by name, from a successful answer; a value
// the answer lacks is left out (a later ${kept.…} renders it absent).
boost::json::object read_kept(const response_spec& spec, const vendor_response& response);

// The vendor id of one item of a list or look-up page (id pointer relative to the item).
std::optional<std::string> read_item_id(const response_spec& spec, const boost::json::object& item);

// The record the response returns (at record_pointer), when the spec reads one.
std::optional<boost::json::object> read_record(const response_spec& spec, const vendor_response& response);

// Vendor record -> SCIM attributes (canonical names, partial resource), through
// the reverse transforms. Values that do not convert are left out and named
// in `problems`.
struct scim_view {
    boost::json::object attributes;
    std::vector<std::string> problems;
};
scim_view vendor_to_scim(const resource_mapping& resource, const boost::json::object& record,
                         const reference_lookup& lookup);

// One page of a list; `next` is where the following page starts.
struct list_page {
    std::vector<boost::json::object> items;
    bool more = false;
    page_position next;
};
list_page read_list_page(const operation_spec& list, const response_spec& spec, const vendor_response& response,
                         const page_position& current);
// The first page of a list operation.
page_position first_page(const operation_spec& list);

// A link_existing look-up: exactly one match links, none tries the next
// look-up, several is an error the admin must resolve. `match` (the
// request's rendered response.match) keeps only the items whose value at
// each pointer equals the expected one (strings case-insensitively); an
// expected value that is null or empty matches nothing.
enum class lookup_outcome { found, absent, ambiguous };
struct lookup_match {
    lookup_outcome outcome = lookup_outcome::absent;
    std::optional<std::string> vendor_id;
};
lookup_match read_lookup(const response_spec& spec, const vendor_response& response,
                         const std::vector<std::pair<std::string, boost::json::value>>& match = {});

// A rejected request: the vendor's message and its per-field messages with
// the SCIM attribute each field maps to (empty when none does).
struct field_error {
    std::string vendor_field;
    std::string scim_path;
    std::string message;
};
struct vendor_error {
    unsigned status = 0;
    std::string message;
    std::vector<field_error> fields;
    const error_rule* rule = nullptr;   // the errors.rules entry that classifies it, if any (owned by the mapping)
    std::string detail() const;   // one line for a SCIM error's detail
};
vendor_error extract_error(const mapping_file& mapping, const resource_mapping* resource,
                           const vendor_response& response);

// What a request's success_when / fail_when make of an answer: `as_status`
// when no rule matches (the status decides, as ever), `success` for a
// refusal that means "already so", `failure` for a 2xx with a failure inside,
// with the vendor's message.
enum class answer_verdict { as_status, success, failure };
struct judged_answer {
    answer_verdict verdict = answer_verdict::as_status;
    std::string message;
};
judged_answer judge_answer(const response_spec& spec, const vendor_response& response);

// An "accepted" answer: its request id, when the response may be async and
// the status is one of the accepted ones.
std::optional<std::string> read_async_request_id(const mapping_file& mapping, const response_spec& spec,
                                                 const vendor_response& response);

struct progress_report {
    progress_state state = progress_state::unknown;
    std::string message;   // the vendor's error message when failed
};
progress_report classify_progress(const async_spec& spec, const vendor_response& response);

} // namespace mapping
