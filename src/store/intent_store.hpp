#pragma once
// Intents (table `intents`): a row written before a vendor call and closed
// in the store commit, so that a crash in between leaves a trace that
// start-up resolves or reports (see bridge_app::resolve_pending_intents).

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
    virtual ~intent_store() = default;

    // Returns the new intent's id. `payload` must hold no secret.
    virtual std::int64_t begin(std::string_view target, std::string_view type, std::string_view scim_id,
                               std::string_view operation, std::string_view payload) = 0;
    // Done, or failed (nothing committed).
    virtual void finish(std::int64_t id, bool done) = 0;
    virtual std::vector<intent_row> pending() const = 0;
    // A later write of the same resource completed: whatever the earlier
    // interrupted call left at the vendor has been overwritten since.
    virtual bool superseded(const intent_row& intent) const = 0;
};

} // namespace store
