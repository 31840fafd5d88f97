#pragma once
// Start-up: what a crash left between a vendor call and its commit. A
// pending intent is a vendor call whose outcome never reached the store: the
// vendor may hold a change the bridge does not know. The identity provider
// retries what it got no answer for; once such a retry (or any later write
// of the resource) has completed, the interrupted call is moot. Create
// look-ups in the mapping link what an interrupted create left at the vendor.

#include "store/intent_store.hpp"
#include "store/resource_store.hpp"

#include <vector>

namespace bridge {

struct intent_review {
    store::intent_row intent;
    bool resolved = false;  // superseded by a later write or a retried create: closed
};

// Closes the pending intents that later writes made moot and returns every
// pending intent with what became of it (for the start-up log).
std::vector<intent_review> recover_interrupted_intents(store::intent_store& intents,
                                                       const store::resource_store& resources);

} // namespace bridge
