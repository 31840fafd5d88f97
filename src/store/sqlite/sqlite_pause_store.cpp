#include "store/sqlite/sqlite_pause_store.hpp"

#include <sqlite3.h>

namespace store {

void sqlite_pause_store::pause(std::string_view target, std::string_view reason)
{
    db_->write_transaction([&](sqlite3*) {
        auto insert = db_->prepare("INSERT INTO target_pauses (target, reason, since) VALUES "
                                   "(?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                                   "ON CONFLICT (target) DO UPDATE SET reason = excluded.reason");
        insert.bind(1, target).bind(2, reason).run();
    });
}

bool sqlite_pause_store::resume(std::string_view target)
{
    bool removed = false;
    db_->write_transaction([&](sqlite3* connection) {
        auto remove = db_->prepare("DELETE FROM target_pauses WHERE target = ?1");
        remove.bind(1, target).run();
        removed = sqlite3_changes(connection) > 0;
    });
    return removed;
}

std::map<std::string, pause_row, std::less<>> sqlite_pause_store::paused() const
{
    std::map<std::string, pause_row, std::less<>> out;
    auto query = db_->prepare("SELECT target, reason, since FROM target_pauses");
    while (query.step())
        out.emplace(query.column_text(0), pause_row{query.column_text(1), query.column_text(2)});
    return out;
}

} // namespace store
