#include "bridge/clock.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace bridge {

std::string now_rfc3339()
{
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms));
    return text;
}

std::string new_uuid()
{
    // Boost.Uuid's generator draws from the operating system's entropy
    // (getrandom), so ids do not collide across threads or restarts and no
    // generator of ours needs seeding. It makes version 4 ids; the bridge
    // wants RFC 9562 version 7: the first 48 bits the Unix time in
    // milliseconds, the rest (besides version and variant) random. Ids made
    // close in time sort close together, so a create appends to the store's
    // id indexes instead of dirtying a random b-tree page in each (a
    // version 4 id did: one more 4 KiB page in the WAL per index).
    thread_local boost::uuids::random_generator generator;
    boost::uuids::uuid id = generator();
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    for (int i = 0; i < 6; ++i)
        id.data[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    id.data[6] = static_cast<std::uint8_t>(0x70 | (id.data[6] & 0x0F));  // version 7
    id.data[8] = static_cast<std::uint8_t>(0x80 | (id.data[8] & 0x3F));  // RFC 9562 variant
    return boost::uuids::to_string(id);
}

} // namespace bridge
