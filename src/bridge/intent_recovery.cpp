#include "bridge/intent_recovery.hpp"

#include "bridge/unique_name.hpp"

#include <boost/json/parse.hpp>

namespace bridge {

namespace {

// A create interrupted by a crash, retried since: the identity provider's
// retry created (or linked) the resource under the same unique name.
bool create_retried(const store::intent_row& intent, const store::resource_store& resources)
{
    if (intent.operation != "create")
        return false;
    boost::system::error_code ec;
    const auto payload = boost::json::parse(intent.payload, ec);
    const auto* name = !ec && payload.is_object() ? payload.as_object().if_contains("name") : nullptr;
    return name && name->is_string() &&
           !resources.find(intent.target, intent.type, unique_name_column(intent.type), std::string(name->as_string()))
                .empty();
}

} // namespace

std::vector<intent_review> recover_interrupted_intents(store::intent_store& intents,
                                                       const store::resource_store& resources)
{
    std::vector<intent_review> reviewed;
    for (auto& intent : intents.pending()) {
        const bool resolved = create_retried(intent, resources) || intents.superseded(intent);
        if (resolved)
            intents.finish(intent.id, false);
        reviewed.push_back({std::move(intent), resolved});
    }
    return reviewed;
}

} // namespace bridge
