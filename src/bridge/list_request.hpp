#pragma once
// A list/search request (RFC 7644 §3.4.2 query parameters, §3.4.3 the
// SearchRequest body, RFC 9865 cursor paging), parsed and bounded.

#include "scim/resource.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bridge {

struct list_limits {
    std::int64_t default_page_size = 100;
    std::int64_t max_page_size = 1000;
    std::int64_t max_filter_results = 1000;  // matches a scan may collect (sorting needs them all)
};

struct list_request {
    std::string filter;          // empty: no filter
    std::int64_t start_index = 1;  // 1-based; values below 1 are read as 1 (RFC 7644 §3.4.2.4)
    std::int64_t count = 0;       // after clamping to [0, max_page_size]
    // Cursor paging (RFC 9865) instead of startIndex: the position (see
    // store::resource_row) the page continues after; 0 for the first page,
    // asked for by an empty `cursor`.
    std::optional<std::int64_t> cursor_after;
    std::string sort_by;          // empty: creation order
    bool descending = false;
    scim::projection projection;
};

// From the decoded query parameters of GET /Users?… (names case-insensitive).
// `lookup` returns the decoded value of a parameter or nullopt.
template <typename Lookup>
list_request parse_list_query(Lookup&& lookup, const list_limits& limits);

// From a POST …/.search body. Throws scim::error (400 invalidSyntax/invalidValue,
// 400 invalidCursor).
list_request parse_search_body(const boost::json::object& body, const list_limits& limits);

// Shared by both parsers: the raw values, validated and clamped.
struct raw_list_parameters {
    std::optional<std::string> filter, start_index, count, sort_by, sort_order, attributes, excluded_attributes,
        cursor;
};

// The cursor a client sends to get the page after `position`, and back.
// Opaque to clients; read_cursor throws 400 invalidCursor for anything it
// did not issue.
std::string make_cursor(std::int64_t position);
std::int64_t read_cursor(std::string_view cursor);
list_request make_list_request(const raw_list_parameters& raw, const list_limits& limits);

template <typename Lookup>
list_request parse_list_query(Lookup&& lookup, const list_limits& limits)
{
    raw_list_parameters raw;
    raw.filter = lookup("filter");
    raw.start_index = lookup("startIndex");
    raw.count = lookup("count");
    raw.sort_by = lookup("sortBy");
    raw.sort_order = lookup("sortOrder");
    raw.attributes = lookup("attributes");
    raw.excluded_attributes = lookup("excludedAttributes");
    raw.cursor = lookup("cursor");
    return make_list_request(raw, limits);
}

} // namespace bridge
