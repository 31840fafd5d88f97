#pragma once
// The pause_store on SQLite (see store/pause_store.hpp).

#include "store/pause_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_pause_store final : public pause_store {
public:
    explicit sqlite_pause_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    void pause(std::string_view target, std::string_view reason) override;
    bool resume(std::string_view target) override;
    std::map<std::string, pause_row, std::less<>> paused() const override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
