#pragma once
// The correlation between the SCIM ids the bridge hands out and each
// vendor's own ids (table `correlation`), per target and resource type.

#include "store/database.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace store {

class correlation_store {
public:
    explicit correlation_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    std::optional<std::string> vendor_id(std::string_view target, std::string_view type, std::string_view scim_id) const;
    std::optional<std::string> scim_id(std::string_view target, std::string_view type, std::string_view vendor_id) const;

    // Inserts or replaces the link of `scim_id` (a relink after a vendor-side
    // recreation must not fail on the old row).
    void link(std::string_view target, std::string_view type, std::string_view scim_id, std::string_view vendor_id);
    void unlink(std::string_view target, std::string_view type, std::string_view scim_id);

private:
    std::shared_ptr<database> db_;
};

} // namespace store
