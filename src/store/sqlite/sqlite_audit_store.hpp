#pragma once
// The audit_store on SQLite (see store/audit_store.hpp).

#include "store/audit_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_audit_store final : public audit_store {
public:
    explicit sqlite_audit_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    void record(const audit_entry& entry) override;
    std::vector<audit_entry> recent(std::string_view target, std::int64_t limit) const override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
