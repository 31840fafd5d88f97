#include "store/sqlite/sqlite_audit_store.hpp"

#include <algorithm>

namespace store {

void sqlite_audit_store::record(const audit_entry& entry)
{
    db_->write_transaction([&](sqlite3*) {
        auto insert = db_->prepare("INSERT INTO audit (at, target, request_id, method, path, status, latency_ms) "
                                   "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bind(1, std::string_view(entry.target))
            .bind(2, std::string_view(entry.request_id))
            .bind(3, std::string_view(entry.method))
            .bind(4, std::string_view(entry.path))
            .bind(5, static_cast<std::int64_t>(entry.status))
            .bind(6, entry.latency_ms)
            .run();
    });
}

std::vector<audit_entry> sqlite_audit_store::recent(std::string_view target, std::int64_t limit) const
{
    std::vector<audit_entry> rows;
    auto query = db_->prepare("SELECT target, request_id, method, path, status, latency_ms FROM audit "
                              "WHERE target = ?1 ORDER BY id DESC LIMIT ?2");
    query.bind(1, target).bind(2, limit);
    while (query.step())
        rows.push_back({query.column_text(0), query.column_text(1), query.column_text(2), query.column_text(3),
                        static_cast<unsigned>(query.column_int(4)), query.column_int(5)});
    std::reverse(rows.begin(), rows.end());
    return rows;
}

} // namespace store
