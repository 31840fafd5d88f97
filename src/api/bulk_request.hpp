#pragma once
// A BulkRequest (RFC 7644 §3.7.1), read and bounded: its operations as
// written, and the bulkIds each one refers to ("bulkId:<id>" in its path or
// anywhere in its data), which the endpoint resolves as operations create
// resources.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace api {

struct bulk_operation {
    std::string method;                  // as sent; checked when the operation runs
    std::optional<std::string> bulk_id;  // the client's name for what a POST creates
    std::optional<std::string> version;  // an ETag: the operation's If-Match
    std::string path;                    // "/Users", "/Groups/<id>", "/Groups/bulkId:<bulkId>"
    boost::json::value data;             // null when absent
    std::vector<std::string> references;  // bulkIds named in path and data, each once
};

struct bulk_request {
    std::vector<bulk_operation> operations;
    std::optional<std::int64_t> fail_on_errors;  // stop after this many failed operations
};

// Throws scim::error: 400 invalidSyntax/invalidValue for a body that is no
// BulkRequest or names one bulkId twice; 413 for more than `max_operations`
// operations.
bulk_request parse_bulk_request(const boost::json::object& body, std::int64_t max_operations);

// Replaces every "bulkId:<id>" in `value` (strings, at any depth) and in
// `path` by the SCIM id created for <id>; all must be in `created`.
void substitute_bulk_ids(boost::json::value& value, const std::map<std::string, std::string>& created);
void substitute_bulk_ids(std::string& path, const std::map<std::string, std::string>& created);

} // namespace api
