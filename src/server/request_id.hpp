#pragma once
// Request ids tie a log line, an audit row and the client's report together.

#include <string>
#include <string_view>

namespace server {

// 16 random hex digits.
std::string new_request_id();

// A client-supplied X-Request-Id is reused only when it cannot corrupt a log
// line or a header: 1..128 characters from [A-Za-z0-9._:-].
bool is_sane_request_id(std::string_view id);

} // namespace server
