#pragma once
// Targets paused by an admin (table `target_pauses`): `scim-bridge pause`
// writes here, the running server reads it and answers 503 + Retry-After
// for those targets while the others go on.

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
    virtual ~pause_store() = default;

    virtual void pause(std::string_view target, std::string_view reason) = 0;
    // Returns false when the target was not paused.
    virtual bool resume(std::string_view target) = 0;
    virtual std::map<std::string, pause_row, std::less<>> paused() const = 0;
};

} // namespace store
