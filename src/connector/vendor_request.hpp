#pragma once
// One call to a vendor as the mapping engine renders it, and what came back.

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connector {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct vendor_request {
    std::string method = "GET";
    std::string target;            // path + query relative to base_url ("/users?id=7"), or an absolute URL
    header_list headers;
    std::string body;
    std::string content_type;      // empty = no Content-Type header
    // Safe to repeat: only such requests are retried after 429/5xx/timeouts,
    // because a POST that timed out may have been applied by the vendor.
    bool idempotent = false;
    std::string request_id;        // of the inbound SCIM request, for the audit trail
    // The mapping's operation (create, update, deactivate, add_members, …)
    // for the metrics; empty: told by the method (POST create, PUT/PATCH update, …).
    std::string operation;
    // The inbound request's deadline: every attempt, wait and retry of this
    // call ends by then (or by the connector's own operation deadline, if
    // that comes first).
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct vendor_response {
    unsigned status = 0;
    header_list headers;
    std::string body;
    std::optional<boost::json::value> json;  // set when the body is (valid) JSON
    std::chrono::milliseconds latency{0};    // of the attempt that produced this response

    // The first value of a header, compared case-insensitively; "" if absent.
    std::string_view header(std::string_view name) const;
};

} // namespace connector
