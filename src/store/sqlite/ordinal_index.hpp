#pragma once
// Offset -> row for one (target, type): the creation sequence numbers of its
// rows, sorted, held in memory. SQL OFFSET walks and discards every skipped
// row; this makes page(offset) a binary-search-free vector index instead, so
// an identity provider paging through 100,000 users costs the same on the
// last page as on the first.
//
// Loaded lazily by the caller-supplied loader, then kept current by
// added()/removed() after each committed write. Both are idempotent, and a
// load holds the exclusive lock from its read to its store, so a write that
// commits during a load is reflected either by the load or by the following
// added()/removed(), never lost.

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <vector>

namespace store {

class ordinal_index {
public:
    using loader = std::function<std::vector<std::int64_t>()>;  // every seq, ascending

    // Sequence numbers at positions [offset, offset + count).
    std::vector<std::int64_t> slice(std::int64_t offset, std::int64_t count, const loader& load);
    std::int64_t size(const loader& load);

    // After a committed insert or remove. Ignored until the index is loaded
    // (the load will read the committed state).
    void added(std::int64_t seq);
    void removed(std::int64_t seq);

private:
    void ensure_loaded(const loader& load);

    std::shared_mutex mutex_;
    bool loaded_ = false;
    std::vector<std::int64_t> seqs_;
};

} // namespace store
