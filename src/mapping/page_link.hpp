#pragma once
// Following a vendor's next-page link (paging styles next_url and
// link_header) without letting the vendor's answer choose where the bridge
// sends its credentials: a link is followed only to the vendor's own origin.
// Pure.

#include <string>
#include <string_view>

namespace mapping {

struct followed_link {
    std::string url;     // absolute, at the base URL's origin; empty on error
    std::string error;   // why the link is not followed
};

// `link` (a URL, a path from the host's root, or a relative reference)
// resolved against the page that gave it (RFC 3986 §5.2): `page_target` is
// that page's request target, relative to `base_url` as the connector sends
// it (base path + target) or itself absolute (a link followed before). The
// result must keep base_url's scheme, host and port.
followed_link follow_page_link(std::string_view base_url, std::string_view page_target, std::string_view link);

} // namespace mapping
