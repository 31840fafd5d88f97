#pragma once
// What this binary is: the project version and the git commit it was built
// from (generated at build time by cmake/build_info.cmake). Printed by
// `scim-bridge --version` and exported as scim_bridge_build_info.

#include <string_view>

namespace observability {

std::string_view build_version() noexcept;  // "0.1.0"
std::string_view build_commit() noexcept;   // 12 hex digits, or "unknown" outside a git checkout

} // namespace observability
