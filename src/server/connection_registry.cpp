#include "server/connection_registry.hpp"

namespace server {

connection_registry::connection_registry(std::size_t max_connections, observability::gauge* open)
    : max_connections_(max_connections), open_(open) {}

std::shared_ptr<session_handle> connection_registry::admit(boost::asio::any_io_executor executor) {
    const std::lock_guard lock(mutex_);
    auto handle = std::make_shared<session_handle>();
    handle->executor = std::move(executor);
    if (normal_count_ < max_connections_) {
        ++normal_count_;
    } else if (overflow_count_ < max_connections_) {
        handle->overflow = true;
        ++overflow_count_;
    } else {
        return nullptr;
    }
    sessions_.insert(handle);
    if (open_ != nullptr) {
        open_->add(1);
    }
    return handle;
}

void connection_registry::remove(const std::shared_ptr<session_handle>& handle) {
    std::function<void()> callback;
    {
        const std::lock_guard lock(mutex_);
        if (sessions_.erase(handle) == 0) {
            return;
        }
        --(handle->overflow ? overflow_count_ : normal_count_);
        if (open_ != nullptr) {
            open_->add(-1);
        }
        if (sessions_.empty()) {
            callback.swap(on_empty_);
        }
    }
    if (callback) {
        callback();
    }
}

std::size_t connection_registry::size() const {
    const std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::vector<std::shared_ptr<session_handle>> connection_registry::snapshot() const {
    const std::lock_guard lock(mutex_);
    return {sessions_.begin(), sessions_.end()};
}

bool connection_registry::notify_when_empty(std::function<void()> callback) {
    const std::lock_guard lock(mutex_);
    if (sessions_.empty()) {
        return false;
    }
    on_empty_ = std::move(callback);
    return true;
}

void connection_registry::cancel_notification() {
    const std::lock_guard lock(mutex_);
    on_empty_ = nullptr;
}

} // namespace server
