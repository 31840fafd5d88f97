#pragma once
// The job_store on SQLite (see store/job_store.hpp).

#include "store/job_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_job_store final : public job_store {
public:
    explicit sqlite_job_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::int64_t add(const new_job& job, long long first_poll_ms) override;
    std::optional<job_row> find(std::int64_t id) const override;
    std::vector<job_row> due(std::string_view target, std::size_t limit) const override;
    std::optional<long long> next_due_in_ms(std::string_view target) const override;
    void reschedule(std::int64_t id, std::string_view status, long long delay_ms) override;
    void finish(std::int64_t id, bool complete, std::string_view error) override;
    std::vector<job_row> unreported_failures(std::string_view target, std::string_view type,
                                             std::string_view scim_id) const override;
    void mark_reported(std::int64_t id) override;
    std::vector<job_row> list(std::optional<std::string_view> target, bool open_or_failed_only,
                              std::size_t limit) const override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
