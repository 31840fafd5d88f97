#include "store/sqlite/sqlite_intent_store.hpp"

#include <sqlite3.h>

namespace store {

namespace {
constexpr const char* now_sql = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

std::int64_t sqlite_intent_store::begin(std::string_view target, std::string_view type, std::string_view scim_id,
                                 std::string_view operation, std::string_view payload)
{
    std::int64_t id = 0;
    db_->write_transaction([&](sqlite3* connection) {
        auto insert = db_->prepare(std::string("INSERT INTO intents (target, type, scim_id, operation, state, payload, "
                                               "created, updated) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ") +
                                   now_sql + ", " + now_sql + ")");
        insert.bind(1, target).bind(2, type).bind(3, scim_id).bind(4, operation).bind(5, payload).run();
        id = sqlite3_last_insert_rowid(connection);
    });
    return id;
}

void sqlite_intent_store::finish(std::int64_t id, bool done)
{
    db_->write_transaction([&](sqlite3*) {
        auto update = db_->prepare(std::string("UPDATE intents SET state = ?2, updated = ") + now_sql + " WHERE id = ?1");
        update.bind(1, id).bind(2, std::string_view(done ? "done" : "failed")).run();
    });
}

std::vector<intent_row> sqlite_intent_store::pending() const
{
    std::vector<intent_row> rows;
    auto query = db_->prepare("SELECT id, target, type, scim_id, operation, payload, created FROM intents "
                              "WHERE state = 'pending' ORDER BY id");
    while (query.step())
        rows.push_back({query.column_int(0), query.column_text(1), query.column_text(2), query.column_text(3),
                        query.column_text(4), query.column_text(5), query.column_text(6)});
    return rows;
}

bool sqlite_intent_store::superseded(const intent_row& intent) const
{
    auto query = db_->prepare("SELECT 1 FROM intents WHERE target = ?1 AND type = ?2 AND scim_id = ?3 AND id > ?4 "
                              "AND state = 'done' LIMIT 1");
    query.bind(1, std::string_view(intent.target))
        .bind(2, std::string_view(intent.type))
        .bind(3, std::string_view(intent.scim_id))
        .bind(4, intent.id);
    return query.step();
}

} // namespace store
