#pragma once
// The correlation between the SCIM ids the bridge hands out and each
// vendor's own ids (table `correlation`), per target and resource type.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace store {

class correlation_store {
public:
    virtual ~correlation_store() = default;

    virtual std::optional<std::string> vendor_id(std::string_view target, std::string_view type, std::string_view scim_id) const = 0;
    virtual std::optional<std::string> scim_id(std::string_view target, std::string_view type, std::string_view vendor_id) const = 0;

    // Inserts or replaces the link of `scim_id` (a relink after a vendor-side
    // recreation must not fail on the old row).
    virtual void link(std::string_view target, std::string_view type, std::string_view scim_id, std::string_view vendor_id) = 0;
    virtual void unlink(std::string_view target, std::string_view type, std::string_view scim_id) = 0;
};

} // namespace store
