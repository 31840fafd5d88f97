#include "bridge/clock.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>

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
    // One generator per thread, seeded from the OS: ids must not collide
    // across threads or restarts, and need no cryptographic secrecy.
    thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        return (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }()};
    // RFC 9562 version 7: the first 48 bits are the Unix time in
    // milliseconds, the other 74 (besides version and variant) random. Ids
    // made close in time sort close together, so a create appends to the
    // store's id indexes instead of dirtying a random b-tree page in each
    // (a version 4 id did: one more 4 KiB page in the WAL per index).
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    std::uint64_t high = (ms << 16) | (generator() & 0x0FFFull) | 0x7000ull;              // version 7
    std::uint64_t low = (generator() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;   // RFC 9562 variant
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                  static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                  static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
    return text;
}

} // namespace bridge
