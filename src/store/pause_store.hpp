#pragma once
// Targets paused by an admin (table `target_pauses`): `scim-bridge pause`
// writes here, the running server reads it and answers 503 + Retry-After
// for those targets while the others go on.

#include "store/database.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace store {

struct pause_row {
    std::string reason, since;
};

class pause_store {
public:
    explicit pause_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

    void pause(std::string_view target, std::string_view reason);
    // Returns false when the target was not paused.
    bool resume(std::string_view target);
    std::map<std::string, pause_row, std::less<>> paused() const;

private:
    std::shared_ptr<database> db_;
};

} // namespace store
