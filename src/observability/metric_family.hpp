#pragma once
// One metric name with its label names, and a series (a cell) per set of
// label values. Finding a series is lock-free once it exists: an open-
// addressing table of atomic pointers, filled under a mutex on the first
// use of a label set and never shrunk (series live as long as the family).
// The table is bounded: past `max_series` label sets, values are counted in
// one series whose labels are all "other", so a vendor answering with
// ever-new status codes cannot grow memory without end.

#include "observability/metric_cells.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace observability {

enum class metric_type { counter, gauge, histogram };

// What every family shows the encoder, whatever its cell type.
struct family_info {
    std::string name;
    std::string help;
    metric_type type;
    std::vector<std::string> label_names;
};

template <typename Cell>
class metric_family {
public:
    static constexpr std::size_t capacity = 2048;  // slots; a power of two
    static constexpr std::size_t max_series = capacity / 2;

    // `make` builds a cell (a histogram needs its bounds).
    metric_family(family_info info, std::function<std::unique_ptr<Cell>()> make)
        : info_(std::move(info)), make_(std::move(make))
    {
        for (auto& slot : slots_)
            slot.store(nullptr, std::memory_order_relaxed);
    }
    metric_family(const metric_family&) = delete;
    metric_family& operator=(const metric_family&) = delete;

    const family_info& info() const noexcept { return info_; }

    // The series of these label values, in the order of the label names.
    Cell& with(std::initializer_list<std::string_view> values)
    {
        // One buffer per thread: no allocation once it has grown.
        thread_local std::string key;
        key.clear();
        for (std::string_view value : values) {
            key.append(value);
            key.push_back('\x1f');
        }
        const std::size_t hash = std::hash<std::string_view>{}(key);
        for (std::size_t i = 0; i < capacity; ++i) {
            series* found = slots_[(hash + i) & (capacity - 1)].load(std::memory_order_acquire);
            if (found == nullptr)
                return insert(key, hash, values);
            if (found->key == key)
                return *found->cell;
        }
        return insert(key, hash, values);
    }

    // Every series, for the encoder: label values and cell.
    template <typename Visit>
    void for_each(Visit&& visit) const
    {
        std::vector<const series*> all;
        for (const auto& slot : slots_)
            if (const series* s = slot.load(std::memory_order_acquire))
                all.push_back(s);
        if (const series* s = overflow_.load(std::memory_order_acquire))
            all.push_back(s);
        std::sort(all.begin(), all.end(), [](const series* a, const series* b) { return a->key < b->key; });
        for (const series* s : all)
            visit(s->labels, *s->cell);
    }

private:
    struct series {
        std::string key;
        std::vector<std::string> labels;
        std::unique_ptr<Cell> cell;
    };

    Cell& insert(const std::string& key, std::size_t hash, std::initializer_list<std::string_view> values)
    {
        const std::lock_guard lock(mutex_);
        std::size_t free_slot = capacity;
        for (std::size_t i = 0; i < capacity; ++i) {
            const std::size_t index = (hash + i) & (capacity - 1);
            series* found = slots_[index].load(std::memory_order_acquire);
            if (found == nullptr) {
                free_slot = index;
                break;
            }
            if (found->key == key)
                return *found->cell;  // another thread was first
        }
        if (free_slot == capacity || storage_.size() >= max_series)
            return overflow();
        auto made = std::make_unique<series>(series{key, {values.begin(), values.end()}, make_()});
        series* raw = made.get();
        storage_.push_back(std::move(made));
        slots_[free_slot].store(raw, std::memory_order_release);
        return *raw->cell;
    }

    // Called with mutex_ held.
    Cell& overflow()
    {
        if (series* s = overflow_.load(std::memory_order_acquire))
            return *s->cell;
        auto made = std::make_unique<series>(
            series{"\x7f", std::vector<std::string>(info_.label_names.size(), "other"), make_()});
        series* raw = made.get();
        storage_.push_back(std::move(made));
        overflow_.store(raw, std::memory_order_release);
        return *raw->cell;
    }

    family_info info_;
    std::function<std::unique_ptr<Cell>()> make_;
    std::array<std::atomic<series*>, capacity> slots_;
    std::atomic<series*> overflow_{nullptr};
    std::mutex mutex_;
    std::vector<std::unique_ptr<series>> storage_;
};

} // namespace observability
