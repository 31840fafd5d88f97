#pragma once
// The intent_store on SQLite (see store/intent_store.hpp).

#include "store/intent_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_intent_store final : public intent_store {
public:
    explicit sqlite_intent_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::int64_t begin(std::string_view target, std::string_view type, std::string_view scim_id,
                       std::string_view operation, std::string_view payload) override;
    void finish(std::int64_t id, bool done) override;
    std::vector<intent_row> pending() const override;
    bool superseded(const intent_row& intent) const override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
