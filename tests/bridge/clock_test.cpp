// Ids the bridge hands out: RFC 9562 version 7 UUIDs, unique, in time order.

#include "bridge/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>
#include <thread>

TEST_CASE("new ids are version 7 UUIDs, unique and ordered by time", "[clock]")
{
    const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const std::string id = bridge::new_uuid();
        REQUIRE(id.size() == 36);
        CHECK(id[8] == '-');
        CHECK(id[14] == '7');  // version
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // variant 10xx
        seen.insert(id);
    }
    CHECK(seen.size() == 10000);

    // The first 48 bits are the creation time in milliseconds.
    const std::string id = bridge::new_uuid();
    const auto stamp = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
    const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    CHECK(stamp >= before);
    CHECK(stamp <= after);

    // An id made later sorts after.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    CHECK(bridge::new_uuid() > id);
}
