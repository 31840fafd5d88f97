#pragma once
// Every record a vendor lists for one resource type, through the mapping's
// `list` operation and its paging (`scim-bridge reconcile`).

#include "bridge/mapped_target.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bridge {

struct vendor_record {
    std::string vendor_id;
    boost::json::object record;
};

struct vendor_listing {
    std::vector<vendor_record> records;   // in the vendor's order, each id once
    std::size_t pages = 0;
    std::size_t without_id = 0;           // items the response's id pointer finds nothing in
};

// Hears of each page as it arrives: records so far, pages so far.
using listing_observer = std::function<void(std::size_t records, std::size_t pages)>;

// Follows the paging until the vendor says there is no more, or a page
// brings no record not seen before (a vendor that ignores the paging
// parameters answers the same page again). A next-page link (paging styles
// next_url, link_header) is followed only to the vendor's origin. Throws
// scim::error or failure_exception when a page cannot be rendered or fetched
// (bridge/vendor_failure.hpp) or its link leads elsewhere, and
// std::invalid_argument when the mapping declares no list for the type.
// `resource` must belong to `target.mapping`.
boost::asio::awaitable<vendor_listing> list_vendor_records(mapped_target target,
                                                           const mapping::resource_mapping* resource,
                                                           vendor_sender send, std::string request_id,
                                                           listing_observer on_page);

} // namespace bridge
