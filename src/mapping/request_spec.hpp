#pragma once
// One vendor request as the mapping file declares it, and how its answer
// is read. Immutable after load.

#include "mapping/body_condition.hpp"
#include "mapping/template_string.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mapping {

struct source_mark {
    int line = 0;    // 1-based; 0 = not from a file
    int column = 0;
};

// A JSON body whose string leaves are templates.
struct body_template {
    enum class kind { literal, text, object, array };
    kind shape = kind::literal;
    boost::json::value literal;             // numbers, booleans, null
    template_string text;                   // string leaves
    std::vector<std::string> keys;          // object members, in order
    std::vector<body_template> values;      // object member values, or array elements
};

// Which of the resource's mapped vendor fields the body carries.
enum class fields_mode {
    automatic,  // create: all; update: all (full) or changed (delta); other operations: none
    none,     // only what the body template says
    all,      // every mapped field (full-object vendors)
    changed,  // only fields whose rendered value changed (delta vendors); `all` on create
};

// Look-ups: an item counts only when its value at `pointer` equals the
// rendered `expected` (for vendors whose search is wider than equality).
struct item_match {
    std::string pointer;
    template_string expected;
};

// success_when / fail_when: an answer that matches is taken as a success (a
// refusal that means "already so") or as a failure (a 200 with a failure
// inside, a batch answer), whatever its status says.
struct outcome_rule {
    answer_condition when;
    std::string message_pointer;   // fail_when: where the vendor says why (`*` allowed); "" = none
};

// response.keep: one value a write's answer hands back that a later request
// needs (a membership's own id, an ETag, a look-up's result), read from the
// body at `pointer` or from the header `header`, kept in the store under
// `name` and rendered as ${kept.NAME} (or ${membership.NAME}, see below).
struct kept_value_spec {
    std::string name;
    std::string pointer;   // used when `header` is empty; "" = the whole body
    std::string header;    // a response header, any case
};

struct response_spec {
    // Where the vendor id is: a JSON pointer into the body (into each item
    // for lists and look-ups), or the last path segment of the Location header.
    std::optional<std::string> id_pointer;
    bool id_from_location = false;
    std::optional<std::string> record_pointer;  // where the returned record is ("" = the body); none = not read
    std::optional<std::string> items_pointer;   // list / look-up: the array of records
    bool may_be_async = false;                  // the answer may be an "accepted" (see async_spec)
    std::vector<item_match> match;              // look-ups only: which items are really the resource
    std::vector<outcome_rule> success_when;     // tried first
    std::vector<outcome_rule> fail_when;
    // Values to keep from a successful answer. A request sent once per
    // member (for_each_member) keeps them for that membership; any other
    // request keeps them for the resource.
    std::vector<kept_value_spec> keep;
};

struct named_template {
    std::string name;
    template_string value;
};

struct request_spec {
    std::string method;                       // upper case
    template_string path;                     // appended to the connection's base URL
    std::vector<named_template> query;        // a parameter rendering to null is left out
    std::vector<named_template> headers;
    std::optional<body_template> body;
    fields_mode fields = fields_mode::automatic;
    std::string fields_at;                    // JSON pointer inside the body where fields go ("" = root)
    // Mapped fields without a value go into the body as null instead of
    // being left out: a full-object vendor that keeps what it does not
    // receive would otherwise keep a value the identity provider removed.
    bool send_nulls = false;
    bool idempotent = false;                  // safe to retry after a timeout
    bool for_each_member = false;             // membership: one request per member
    // Look-ups only: sent only when this renders a non-empty value (a search
    // by a key the resource lacks would answer everything, or be refused).
    std::optional<template_string> only_if;
    response_spec response;
    source_mark mark;
};

// next_url / link_header follow the vendor's own link to the next page
// (a path or URL in the body, or RFC 8288 `Link: <…>; rel="next"`), only to
// the vendor's origin; the others render the list request again.
enum class paging_style { none, page_number, offset, cursor, next_url, link_header };

struct paging_spec {
    paging_style style = paging_style::none;
    long long first_page = 1;                 // page_number: the number of the first page
    long long page_size = 100;
    std::optional<std::string> total_pointer;        // total item count
    std::optional<std::string> last_page_pointer;    // number of the last page (maxPage)
    std::optional<std::string> next_cursor_pointer;  // cursor: absent/empty = done
    std::optional<std::string> next_url_pointer;     // next_url: absent/empty = done
};

// What a refusal means in SCIM's terms (RFC 7644 §3.12 scimType).
enum class error_class { invalid_value, uniqueness, mutability, not_found };

// errors.rules: a refusal whose status (and body) match is answered as
// `scim`, naming `field` (a vendor field, translated to its SCIM attribute).
struct error_rule {
    answer_condition when;
    error_class scim = error_class::invalid_value;
    std::string field;
    source_mark mark;
};

// How a vendor reports a rejected request.
struct error_spec {
    std::vector<error_rule> rules;                   // first match wins; none: by the status, as ever
    std::vector<std::string> message_pointers{"/detail", "/title", "/message", "/error"};  // first present wins
    std::optional<std::string> list_pointer;         // e.g. /errors
    std::optional<std::string> field_pointer;        // inside one element, e.g. /propertyName
    std::optional<std::string> field_message_pointer; // inside one element, e.g. /errorMessage
    // An object keyed by field, each a message or a list of messages
    // (ASP.NET's ValidationProblemDetails: {"errors": {"Email": ["…"]}}).
    std::optional<std::string> by_field_pointer;
    // Inside each of by_field's messages when they are objects
    // ({"email": [{"description": "…", "error": "DuplicateValue"}]}).
    std::optional<std::string> by_field_message_pointer;
};

enum class progress_state { in_progress, complete, failed, retrying, unknown };

// Vendors that answer writes with "accepted, here is a request id".
struct async_spec {
    std::vector<unsigned> accepted_statuses{202};
    std::string request_id_pointer;
    request_spec progress;                    // uses ${request_id}
    std::string status_pointer;
    std::vector<std::pair<boost::json::value, progress_state>> states;  // vendor status value -> state
    std::optional<std::string> error_message_pointer;
    long long poll_interval_ms = 2000;
    long long give_up_after_ms = 3'600'000;   // a job pending longer than this is reported failed
    // How long a SCIM write waits for its jobs before answering from the
    // accepted state (tracking goes on in the background).
    long long wait_ms = 5000;
};

} // namespace mapping
