#include "server/access_log.hpp"

#include "server/log_line.hpp"
#include "server/log_redaction.hpp"

namespace server {

namespace {

constexpr std::size_t flush_threshold = 64 * 1024;
// Beyond this the output is stuck; dropping lines beats exhausting memory.
constexpr std::size_t max_buffered = 16 * 1024 * 1024;

} // namespace

access_log::access_log(std::FILE* out, config::log_format format, config::query_logging queries)
    : sink_([out](std::string_view block) {
          std::fwrite(block.data(), 1, block.size(), out);
          std::fflush(out);
      }),
      format_(format),
      queries_(queries) {}

access_log::access_log(std::ostream& out, config::log_format format, config::query_logging queries)
    : sink_([&out](std::string_view block) {
          out.write(block.data(), static_cast<std::streamsize>(block.size()));
          out.flush();
      }),
      format_(format),
      queries_(queries) {}

access_log::~access_log() {
    flush();
}

void access_log::record(const access_record& entry) {
    thread_local std::string line;
    line.clear();
    log_line out(line, format_, log_head{entry.time, "info", "http_request", entry.request_id, entry.target, {}});
    out.add("remote", entry.remote);
    out.add("method", entry.method);
    out.add("path", redact_target(entry.request_target, queries_));
    out.add("status", std::uint64_t{entry.status});
    out.add("latency_ms", entry.latency_ms);
    out.add("bytes", std::uint64_t{entry.bytes});
    out.finish();

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
