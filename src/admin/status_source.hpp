#pragma once
// What the admin listener shows of the running bridge, as the bridge
// assembles it (src/app): the admin code reads, never reaches into the
// pipeline itself.

#include "config/server_config.hpp"
#include "observability/activity_history.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace admin {

struct vendor_error_view {
    std::chrono::system_clock::time_point when;
    unsigned status = 0;
    std::string method;
    std::string path;
    std::string request_id;
    std::string error;
};

struct target_status {
    std::string name;
    std::optional<std::string> mapping_file;  // absent: a local target
    std::string mapping_hash;                 // sha256:… of the file as loaded
    std::optional<std::string> paused;        // the reason, while paused
    std::vector<std::string> token_fingerprints;
    std::optional<vendor_error_view> last_vendor_error;
    std::optional<std::int64_t> open_jobs;    // asynchronous vendors only
    std::optional<std::int64_t> failed_jobs;
    std::optional<std::int64_t> pending_intents;
};

class status_source {
public:
    virtual ~status_source() = default;
    // Reads what comes from the store (job and intent counts), off the
    // store's threads' critical path, before /metrics or /targets answers.
    virtual boost::asio::awaitable<void> refresh() = 0;
    // The SCIM listener's readiness (false once shutdown has begun).
    virtual bool ready() const = 0;
    virtual std::vector<target_status> targets() const = 0;
    // The configuration in force (a reload replaces it).
    virtual std::shared_ptr<const config::server_config> config() const = 0;
    // Each target's activity per interval over the last hour, oldest first.
    virtual std::map<std::string, std::vector<observability::activity_totals>, std::less<>> activity() const = 0;
    virtual std::chrono::seconds activity_interval() const = 0;
};

// "sha256:0123abcd…": enough of a token hash to tell tokens apart in a
// listing (rotation), too little to be worth anything to anyone else.
std::string token_fingerprint(const std::string& token_hash);

} // namespace admin
