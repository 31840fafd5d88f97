#pragma once
// Intents (table `intents`): a row written before a vendor call and closed
// in the store commit, so that a crash in between leaves a trace that
// start-up resolves or reports (see bridge_app::resolve_pending_intents).

#include "store/database.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace store {

struct intent_row {
    std::int64_t id = 0;
    std::string target, type, scim_id, operation, payload, created;
};

class intent_store {
public:
    explicit intent_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    // Returns the new intent's id. `payload` must hold no secret.
    std::int64_t begin(std::string_view target, std::string_view type, std::string_view scim_id,
                       std::string_view operation, std::string_view payload);
    void finish(std::int64_t id, bool done);  // done, or failed (nothing committed)
    std::vector<intent_row> pending() const;
    // A later write of the same resource completed: whatever the earlier
    // interrupted call left at the vendor has been overwritten since.
    bool superseded(const intent_row& intent) const;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
