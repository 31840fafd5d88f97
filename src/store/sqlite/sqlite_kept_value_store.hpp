#pragma once
// The kept_value_store on SQLite (see store/kept_value_store.hpp).

#include "store/kept_value_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_kept_value_store final : public kept_value_store {
public:
    explicit sqlite_kept_value_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::vector<kept_value> values(std::string_view target, std::string_view type, std::string_view scim_id,
                                   std::string_view member) const override;
    void keep(std::string_view target, std::string_view type, std::string_view scim_id, std::string_view member,
              std::string_view name, std::string_view json) override;
    void forget_membership(std::string_view target, std::string_view type, std::string_view scim_id,
                           std::string_view member) override;
    void forget_resource(std::string_view target, std::string_view type, std::string_view scim_id) override;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
