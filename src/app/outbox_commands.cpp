#include "app/outbox_commands.hpp"

#include "app/store_opening.hpp"

#include <iomanip>

namespace app {

namespace {

bool known_target(const config::server_config& config, const std::string& name)
{
    for (const auto& t : config.targets)
        if (t.name == name)
            return true;
    return false;
}

int list(const store::store_set& stores, const std::optional<std::string>& target, std::ostream& out)
{
    const auto entries = stores.outbox->list(target ? std::optional<std::string_view>(*target) : std::nullopt, 10'000);
    bool failed = false;
    out << std::left << std::setw(7) << "ENTRY" << std::setw(9) << "STATUS" << std::setw(20) << "TARGET"
        << std::setw(44) << "RESOURCE" << std::setw(9) << "ATTEMPTS" << std::setw(26) << "SINCE"
        << "NEXT TRY / LAST ERROR\n";
    for (const auto& entry : entries) {
        failed = failed || !entry.pending();
        out << std::setw(7) << entry.id << std::setw(9) << entry.status << std::setw(20) << entry.target
            << std::setw(44) << (entry.type + "/" + entry.scim_id) << std::setw(9) << entry.attempts << std::setw(26)
            << entry.created;
        if (entry.pending())
            out << (entry.due_in_ms > 0 ? "in " + std::to_string((entry.due_in_ms + 999) / 1000) + " s" : "due");
        if (!entry.last_error.empty())
            out << "  " << entry.last_error;
        if (!entry.vendor_state)
            out << (entry.last_error.empty() ? "" : " ") << "  (not yet created at the vendor)";
        out << "\n";
    }
    if (entries.empty())
        out << "the outbox is empty: every change has reached its vendor\n";
    return failed ? 1 : 0;
}

} // namespace

int outbox_command(const config::server_config& config, const std::optional<std::string>& target,
                   outbox_action action, std::ostream& out, std::ostream& err)
{
    if (target && !known_target(config, *target)) {
        err << "outbox: no target named " << *target << " in the configuration\n";
        return 2;
    }
    auto stores = open_store(config.store);
    int code = 0;
    if (action.what == outbox_action::kind::list) {
        code = list(stores, target, out);
    } else {
        const auto entry = stores.outbox->find(action.entry);
        const bool done = entry && (!target || entry->target == *target) &&
                          (action.what == outbox_action::kind::retry ? stores.outbox->retry(action.entry)
                                                                     : stores.outbox->remove(action.entry));
        if (!done) {
            err << "outbox: no entry " << action.entry << (target ? " of target " + *target : std::string()) << "\n";
            code = 2;
        } else if (action.what == outbox_action::kind::retry) {
            out << "entry " << action.entry << " (" << entry->type << "/" << entry->scim_id
                << ") is due now: the running bridge delivers it within a second\n";
        } else {
            out << "entry " << action.entry << " (" << entry->type << "/" << entry->scim_id
                << ") dropped: the vendor keeps what it had; `scim-bridge reconcile` shows the difference\n";
        }
    }
    stores.close();
    return code;
}

} // namespace app
