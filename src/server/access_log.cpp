#include "server/access_log.hpp"

#include "server/json_line.hpp"
#include "server/log_redaction.hpp"

namespace server {

namespace {

constexpr std::size_t flush_threshold = 64 * 1024;
// Beyond this the output is stuck; dropping lines beats exhausting memory.
constexpr std::size_t max_buffered = 16 * 1024 * 1024;

} // namespace

access_log::access_log(std::FILE* out)
    : sink_([out](std::string_view block) {
          std::fwrite(block.data(), 1, block.size(), out);
          std::fflush(out);
      }) {}

access_log::access_log(std::ostream& out)
    : sink_([&out](std::string_view block) {
          out.write(block.data(), static_cast<std::streamsize>(block.size()));
          out.flush();
      }) {}

access_log::~access_log() {
    flush();
}

void access_log::record(const access_record& entry) {
    thread_local std::string line;
    line.clear();
    json_line json(line);
    json.add("time", rfc3339_utc(entry.time));
    json.add("request_id", entry.request_id);
    json.add("remote", entry.remote);
    json.add("target", entry.target);
    json.add("method", entry.method);
    json.add("path", redact_target(entry.request_target));
    json.add("status", std::uint64_t{entry.status});
    json.add("latency_ms", entry.latency_ms);
    json.add("bytes", std::uint64_t{entry.bytes});
    json.finish();

    bool full = false;
    {
        const std::lock_guard lock(buffer_mutex_);
        if (buffer_.size() + line.size() > max_buffered) {
            ++dropped_;
            return;
        }
        buffer_ += line;
        full = buffer_.size() >= flush_threshold;
    }
    if (full) {
        flush();
    }
}

void access_log::flush() {
    const std::lock_guard output_lock(output_mutex_);
    std::string block;
    {
        const std::lock_guard lock(buffer_mutex_);
        block.swap(buffer_);
    }
    if (!block.empty()) {
        sink_(block);
    }
}

std::size_t access_log::dropped() const {
    const std::lock_guard lock(buffer_mutex_);
    return dropped_;
}

} // namespace server
