#pragma once
// Values a vendor's answers handed back for later requests (a mapping's
// response.keep: a membership's own id, an ETag, a look-up's result), per
// target and resource, and per membership of a group (table `kept_values`).
// They describe what the vendor holds, so they are written as soon as the
// vendor answered, not with the SCIM write's commit.

#include <string>
#include <string_view>
#include <vector>

namespace store {

struct kept_value {
    std::string name;
    std::string json;   // the value as JSON text (its type kept)
};

class kept_value_store {
public:
    virtual ~kept_value_store() = default;

    // The values kept for the resource (`member` empty) or for its
    // membership of the member with SCIM id `member`.
    virtual std::vector<kept_value> values(std::string_view target, std::string_view type, std::string_view scim_id,
                                           std::string_view member) const = 0;
    // Inserts or replaces one value.
    virtual void keep(std::string_view target, std::string_view type, std::string_view scim_id,
                      std::string_view member, std::string_view name, std::string_view json) = 0;
    // A membership that ended: its values go.
    virtual void forget_membership(std::string_view target, std::string_view type, std::string_view scim_id,
                                   std::string_view member) = 0;
    // A resource deleted: its own values, its memberships' and those of
    // the memberships it was a member of.
    virtual void forget_resource(std::string_view target, std::string_view type, std::string_view scim_id) = 0;
};

} // namespace store
