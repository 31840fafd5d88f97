#pragma once
// The process's descriptor limit against the connections it admits. Each
// connection holds a descriptor, and the listener admits up to twice
// limits.max_connections (the second half only to answer 503); the store,
// the vendor pools, the logs and the event loop need their own. A limit
// below that sum shows up as accept() failing with EMFILE under load, so
// at start the soft limit is raised to the hard one and the connection
// limit lowered, with a warning, to what fits.

#include <cstddef>
#include <cstdint>

namespace server {

// Raises RLIMIT_NOFILE's soft limit to its hard limit (the most an
// unprivileged process may take) and returns the soft limit now in force.
std::uint64_t raise_descriptor_limit();

// Descriptors kept for everything but inbound connections: the store's
// files, the event loop, logs, the admin listener and its connections.
inline constexpr std::size_t descriptors_reserved = 64;

// The largest max_connections not above `wanted` whose connections (twice
// it) fit in `descriptor_limit` beside `reserved` others; 0 if none fit.
std::size_t connections_within(std::size_t wanted, std::uint64_t descriptor_limit, std::size_t reserved);

} // namespace server
