// The fixture itself: every target's bridge starts against its simulator
// with the mapping file as shipped, answers discovery, and lists nothing.

#include "target_fixture.hpp"

#include <catch2/catch.hpp>

using namespace target_test;

TEST_CASE("every target starts against its simulator with the shipped mapping file")
{
    for (const char* vendor : {"twiser-wokr", "twiser-lxp", "platform-identity", "customer-directory",
                               "retail-checklists", "learningpool"}) {
        INFO(vendor);
        target_fixture f(vendor);
        auto config = f.scim(verb::get, "/ServiceProviderConfig");
        CHECK(config.status == 200);
        auto users = f.scim(verb::get, "/Users");
        REQUIRE(users.status == 200);
        CHECK(users.body.at("totalResults") == 0);
        CHECK(f.sim_state().contains("users"));
    }
}
