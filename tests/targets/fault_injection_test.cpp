// Under injected vendor faults (5xx, 429 with Retry-After, dropped
// connections, answers cut in half after the vendor applied the call) an
// identity provider that retries what failed, as Entra ID and Okta do, ends
// with every user at the vendor exactly once and carrying its last values:
// no write is lost, none duplicated.

#include "target_fixture.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace target_test;

namespace {

json::object user(int n)
{
    const auto name = "fault" + std::to_string(n) + "@example.com";
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", name},
            {"externalId", "x" + std::to_string(n)},
            {"name", json::object{{"givenName", "Given" + std::to_string(n)}, {"familyName", "Family"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"primary", true}, {"value", name}}}},
            {"title", "Cashier"},
            {"active", true}};
}

// Sends until the bridge accepts, as an identity provider retries a failed
// provisioning step; counts the refusals it met on the way.
reply until_accepted(target_fixture& f, verb method, const std::string& path, const json::value& body, int& refusals)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        auto r = f.scim(method, path, body);
        if (r.status / 100 == 2)
            return r;
        INFO(r.raw.body());
        // Only the vendor's trouble may show: never a client error.
        REQUIRE((r.status == 502 || r.status == 503));
        ++refusals;
    }
    FAIL("the bridge never accepted " << path);
    return {};
}

} // namespace

TEST_CASE("no write is lost or duplicated when the vendor fails, drops connections and cuts answers")
{
    target_options options;
    // No rate limit: the faults, not the limiter, decide the pace here.
    options.mapping_edits = {{"rate_limit: {max_concurrent: 4, per_second: 10}", "rate_limit: {max_concurrent: 4}"}};
    target_fixture f("retail-checklists", options);
    f.set_faults({{"error_rate", 0.15},
                  {"status_429_every_n", 9},
                  {"retry_after", 0},
                  {"drop_connection_every_n", 11},
                  {"malformed_json_every_n", 7}});

    constexpr int users = 25;
    int refusals = 0;
    std::map<std::string, std::string> ids;  // userName -> SCIM id
    for (int n = 0; n < users; ++n) {
        auto body = user(n);
        auto created = until_accepted(f, verb::post, "/Users", body, refusals);
        CHECK(created.status == 201);
        ids[std::string(body.at("userName").as_string())] = created.text("/id");
    }
    for (const auto& [name, id] : ids) {
        auto patched = until_accepted(f, verb::patch, "/Users/" + id,
                                      scim_patch({replace_op("title", json::string("Supervisor " + name))}), refusals);
        CHECK(patched.status == 200);
    }
    f.set_faults({});
    INFO("refusals met: " << refusals);
    CHECK(refusals > 0);  // the faults did strike

    // The vendor: every user exactly once, with its last title.
    std::map<std::string, int> logins;
    const auto state = f.sim_state();
    for (const auto& record : state.at("users").as_array()) {
        const auto login = std::string(record.at("login").as_string());
        ++logins[login];
        CHECK(record.at("position") == json::value("Supervisor " + login));
    }
    CHECK(logins.size() == static_cast<std::size_t>(users));
    for (const auto& [login, count] : logins) {
        INFO(login);
        CHECK(count == 1);
        CHECK(ids.contains(login));
    }
    // The bridge: the same users, each linked to its own vendor record.
    auto listed = f.scim(verb::get, "/Users?count=100");
    REQUIRE(listed.status == 200);
    CHECK(listed.body.at("totalResults") == users);
}
