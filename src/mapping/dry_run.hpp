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

// How the bridge authenticates to the vendor, as a dry run shows it: the
// token or login request it would send first (`oauth2_client_credentials`
// posts a form), or the header every request carries; secrets as "***".
// Empty for `auth: none`.
std::string dry_run_auth(const mapping_file& mapping, const parameter_map& parameters, const secret_resolver& secrets,
                         std::string_view base_url);

// `text` with each of `secrets` replaced by "***" (longest first, so that a
// secret containing another is masked whole).
std::string mask_secrets(std::string text, std::vector<std::string> secrets);

} // namespace mapping
