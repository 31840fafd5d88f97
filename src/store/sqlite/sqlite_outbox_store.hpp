#pragma once
// The outbox_store on SQLite (see store/outbox_store.hpp).

#include "store/outbox_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_outbox_store final : public outbox_store {
public:
    explicit sqlite_outbox_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::optional<outbox_entry> find(std::string_view target, std::string_view type,
                                     std::string_view scim_id) const override;
    std::optional<outbox_entry> find(std::int64_t id) const override;
    void defer(std::string_view target, std::string_view type, std::string_view scim_id,
               const deferral& write) override;
    std::vector<outbox_entry> due(std::string_view target, std::size_t limit) const override;
    std::optional<long long> next_due_in_ms(std::string_view target) const override;
    std::int64_t pending_count(std::string_view target, std::optional<std::string_view> type) const override;
    void reschedule(std::int64_t id, long long delay_ms, std::string_view error) override;
    void mark_failed(std::int64_t id, std::string_view error) override;
    bool retry(std::int64_t id) override;
    bool remove(std::int64_t id) override;
    std::vector<outbox_entry> list(std::optional<std::string_view> target, std::size_t limit) const override;

private:
    // Runs an UPDATE or DELETE of entry `id`; whether a row changed.
    bool change(const std::string& sql, std::int64_t id, std::optional<std::string_view> text = std::nullopt);

    std::shared_ptr<database> db_;
};

} // namespace store
