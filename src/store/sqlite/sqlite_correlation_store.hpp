#pragma once
// The correlation_store on SQLite (see store/correlation_store.hpp).

#include "store/correlation_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_correlation_store final : public correlation_store {
public:
    explicit sqlite_correlation_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::optional<std::string> vendor_id(std::string_view target, std::string_view type, std::string_view scim_id) const override;
    std::optional<std::string> scim_id(std::string_view target, std::string_view type, std::string_view vendor_id) const override;
    void link(std::string_view target, std::string_view type, std::string_view scim_id, std::string_view vendor_id) override;
    void unlink(std::string_view target, std::string_view type, std::string_view scim_id) override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
