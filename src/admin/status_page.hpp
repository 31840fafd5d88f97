#pragma once
// The admin listener's status page (GET /): one self-contained HTML page,
// styles and script inline, nothing fetched from elsewhere (it works
// offline and behind any proxy). It holds no data itself: its script reads
// /targets and /activity from the same listener (with the admin token, asked
// for once and kept in the tab's sessionStorage) and redraws every 10 s.

#include <string_view>

namespace admin {

std::string_view status_page_html();

} // namespace admin
