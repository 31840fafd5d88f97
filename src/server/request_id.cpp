#include "server/request_id.hpp"

#include <algorithm>
#include <random>

namespace server {

std::string new_request_id() {
    // One generator per thread: no lock on the request path. Ids need to be
    // unique, not unpredictable.
    thread_local std::mt19937_64 generator{std::random_device{}()};
    static constexpr char hex[] = "0123456789abcdef";
    std::uint64_t bits = generator();
    std::string id(16, '0');
    for (char& c : id) {
        c = hex[bits & 0x0f];
        bits >>= 4;
    }
    return id;
}

bool is_sane_request_id(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == ':' || c == '-';
    });
}

} // namespace server
