#pragma once
// The SCIM router (api/scim_router.hpp) as a pure function of one request:
// one local target, "fuzz", over a SQLite store in a temporary folder that
// holds one user and one group. Every request starts from that same store
// (its file is restored before each), so an input means the same whenever
// it runs and a crash replays from its file alone. No socket anywhere.

#include "server/http_types.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace fuzz {

class router_harness {
public:
    // The bearer token the target accepts.
    static constexpr std::string_view token = "fuzz-token-0123456789abcdef0123456789abcdef";
    // Inputs name the seeded resources by these: ids the store generates
    // differ from one process to the next, these do not (same length, so
    // that a Content-Length stays right once they are replaced).
    static constexpr std::string_view user_placeholder = "11111111-1111-4111-8111-111111111111";
    static constexpr std::string_view group_placeholder = "22222222-2222-4222-8222-222222222222";

    router_harness();
    ~router_harness();
    router_harness(const router_harness&) = delete;
    router_harness& operator=(const router_harness&) = delete;

    // The router's answer, from the seeded store. Rethrows what the router
    // lets escape (its contract: never).
    server::http_response handle(server::http_request request);

    // `raw` with the placeholders replaced by the seeded resources' ids.
    std::string with_seeded_ids(std::string_view raw) const;

private:
    server::http_response handle_on(const std::filesystem::path& database, server::http_request request);

    std::filesystem::path directory_;
    std::filesystem::path seeded_;  // the store as seeded, never written after
    std::filesystem::path working_;  // restored from seeded_ before each request
    std::string user_id_;
    std::string group_id_;
};

} // namespace fuzz
