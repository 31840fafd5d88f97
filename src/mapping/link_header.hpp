#pragma once
// RFC 8288 `Link` headers: the target of the link whose relation is "next"
// (paging style link_header, as GitHub's and Okta's lists answer). Pure.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mapping {

// The URI reference of the first `rel="next"` link among every Link header
// (names case-insensitive, several link-values per header); nullopt when
// none names it. The reference is returned as written, unresolved.
std::optional<std::string> next_link_of(const std::vector<std::pair<std::string, std::string>>& headers);

} // namespace mapping
