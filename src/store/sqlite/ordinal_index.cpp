#include "store/sqlite/ordinal_index.hpp"

#include <algorithm>
#include <mutex>

namespace store {

void ordinal_index::ensure_loaded(const loader& load) {
    {
        std::shared_lock lock(mutex_);
        if (loaded_) {
            return;
        }
    }
    std::unique_lock lock(mutex_);
    if (!loaded_) {
        seqs_ = load();
        loaded_ = true;
    }
}

std::vector<std::int64_t> ordinal_index::slice(std::int64_t offset, std::int64_t count, const loader& load) {
    ensure_loaded(load);
    std::shared_lock lock(mutex_);
    const auto size = static_cast<std::int64_t>(seqs_.size());
    const std::int64_t first = std::clamp<std::int64_t>(offset, 0, size);
    const std::int64_t last = std::clamp<std::int64_t>(first + std::max<std::int64_t>(count, 0), first, size);
    return {seqs_.begin() + first, seqs_.begin() + last};
}

std::int64_t ordinal_index::size(const loader& load) {
    ensure_loaded(load);
    std::shared_lock lock(mutex_);
    return static_cast<std::int64_t>(seqs_.size());
}

void ordinal_index::added(std::int64_t seq) {
    std::unique_lock lock(mutex_);
    if (!loaded_) {
        return;
    }
    // New rows almost always have the largest seq: append is the common path.
    if (seqs_.empty() || seqs_.back() < seq) {
        seqs_.push_back(seq);
        return;
    }
    auto at = std::lower_bound(seqs_.begin(), seqs_.end(), seq);
    if (at == seqs_.end() || *at != seq) {
        seqs_.insert(at, seq);
    }
}

void ordinal_index::removed(std::int64_t seq) {
    std::unique_lock lock(mutex_);
    if (!loaded_) {
        return;
    }
    auto at = std::lower_bound(seqs_.begin(), seqs_.end(), seq);
    if (at != seqs_.end() && *at == seq) {
        seqs_.erase(at);
    }
}

} // namespace store
