#pragma once
// The text `scim-bridge dry-run` prints: the exact vendor requests, with
// every secret replaced by "***".

#include "mapping/request_renderer.hpp"

#include <string>
#include <vector>

namespace mapping {

// One block per request: "METHOD base_url+target", the headers, then the
// JSON body pretty enough to read. `base_url` is the rendered connection URL.
std::string dry_run(const std::vector<rendered_request>& requests, std::string_view base_url);

// `text` with each of `secrets` replaced by "***" (longest first, so that a
// secret containing another is masked whole).
std::string mask_secrets(std::string text, std::vector<std::string> secrets);

} // namespace mapping
