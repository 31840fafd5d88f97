#include "store/sqlite/sqlite_outbox_store.hpp"

#include "store/sqlite/sql_time.hpp"

#include <sqlite3.h>

#include <string>

namespace store {

namespace {

const std::string columns = "id, target, type, scim_id, vendor_state, status, attempts, COALESCE(last_error, ''), "
                            "scim_request_id, created, updated, " + ms_until_sql("due_at") + ", maybe_created";

outbox_entry read_entry(statement& query)
{
    outbox_entry entry;
    entry.id = query.column_int(0);
    entry.target = query.column_text(1);
    entry.type = query.column_text(2);
    entry.scim_id = query.column_text(3);
    if (!query.column_is_null(4))
        entry.vendor_state = query.column_text(4);
    entry.status = query.column_text(5);
    entry.attempts = query.column_int(6);
    entry.last_error = query.column_text(7);
    entry.scim_request_id = query.column_text(8);
    entry.created = query.column_text(9);
    entry.updated = query.column_text(10);
    entry.due_in_ms = query.column_int(11);
    entry.maybe_created = query.column_int(12) != 0;
    return entry;
}

std::vector<outbox_entry> read_entries(statement& query)
{
    std::vector<outbox_entry> out;
    while (query.step())
        out.push_back(read_entry(query));
    return out;
}

std::optional<outbox_entry> read_one(statement& query)
{
    if (!query.step())
        return std::nullopt;
    return read_entry(query);
}

} // namespace

std::optional<outbox_entry> sqlite_outbox_store::find(std::string_view target, std::string_view type,
                                                      std::string_view scim_id) const
{
    auto query = db_->prepare("SELECT " + columns + " FROM outbox WHERE target = ?1 AND type = ?2 AND scim_id = ?3");
    query.bind(1, target).bind(2, type).bind(3, scim_id);
    return read_one(query);
}

std::optional<outbox_entry> sqlite_outbox_store::find(std::int64_t id) const
{
    auto query = db_->prepare("SELECT " + columns + " FROM outbox WHERE id = ?1");
    query.bind(1, id);
    return read_one(query);
}

void sqlite_outbox_store::defer(std::string_view target, std::string_view type, std::string_view scim_id,
                                const deferral& write)
{
    db_->write_transaction([&](sqlite3*) {
        // An existing entry keeps its vendor_state (the vendor still holds
        // that) and its first request id, unless a create that went
        // unanswered may have left a record: then a delete's state stands
        // for it. A failed entry is pending again: the new write may be
        // what the vendor's refusal asked for.
        auto upsert = db_->prepare(
            std::string("INSERT INTO outbox (target, type, scim_id, vendor_state, status, attempts, scim_request_id, "
                        "maybe_created, due_at, created, updated) VALUES (?1, ?2, ?3, COALESCE(?4, "
                        "CASE WHEN ?6 = 1 THEN ?7 END), 'pending', 0, ?5, ?6, ") +
            now_sql + ", " + now_sql + ", " + now_sql +
            ") ON CONFLICT (target, type, scim_id) DO UPDATE SET status = 'pending', due_at = " + now_sql +
            ", attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END, "
            "vendor_state = COALESCE(vendor_state, CASE WHEN maybe_created = 1 THEN ?7 END), "
            "maybe_created = MAX(maybe_created, ?6), updated = " + now_sql);
        upsert.bind(1, target)
            .bind(2, type)
            .bind(3, scim_id)
            .bind(4, write.vendor_state)
            .bind(5, write.scim_request_id)
            .bind(6, std::int64_t{write.maybe_created ? 1 : 0})
            .bind(7, write.deleted_state)
            .run();
    });
}

std::vector<outbox_entry> sqlite_outbox_store::due(std::string_view target, std::size_t limit) const
{
    // 'User' < 'Group' is not alphabetical: order by the rule, not the name.
    auto query = db_->prepare("SELECT " + columns + " FROM outbox WHERE target = ?1 AND status = 'pending' AND due_at <= " +
                              now_sql + " ORDER BY (type <> 'User'), id LIMIT ?2");
    query.bind(1, target).bind(2, static_cast<std::int64_t>(limit));
    return read_entries(query);
}

std::optional<long long> sqlite_outbox_store::next_due_in_ms(std::string_view target) const
{
    auto query = db_->prepare("SELECT MAX(0, " + ms_until_sql("MIN(due_at)") +
                              ") FROM outbox WHERE target = ?1 AND status = 'pending'");
    query.bind(1, target);
    if (!query.step() || query.column_is_null(0))
        return std::nullopt;
    return query.column_int(0);
}

std::int64_t sqlite_outbox_store::pending_count(std::string_view target, std::optional<std::string_view> type) const
{
    auto query = db_->prepare(
        "SELECT COUNT(*) FROM outbox WHERE target = ?1 AND status = 'pending' AND (?2 IS NULL OR type = ?2)");
    query.bind(1, target);
    if (type)
        query.bind(2, *type);
    else
        query.bind_null(2);
    query.step();
    return query.column_int(0);
}

bool sqlite_outbox_store::change(const std::string& sql, std::int64_t id, std::optional<std::string_view> text)
{
    bool changed = false;
    db_->write_transaction([&](sqlite3* connection) {
        auto update = db_->prepare(sql);
        update.bind(1, id);
        if (text)
            update.bind(2, *text);
        update.run();
        changed = sqlite3_changes(connection) > 0;
    });
    return changed;
}

void sqlite_outbox_store::reschedule(std::int64_t id, long long delay_ms, std::string_view error)
{
    change("UPDATE outbox SET attempts = attempts + 1, last_error = NULLIF(?2, ''), " +
               (delay_ms > 0 ? "due_at = " + now_plus_sql(delay_ms) + ", " : std::string()) + "updated = " + now_sql +
               " WHERE id = ?1",
           id, error);
}

void sqlite_outbox_store::mark_failed(std::int64_t id, std::string_view error)
{
    change(std::string("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?2, updated = ") +
               now_sql + " WHERE id = ?1",
           id, error);
}

bool sqlite_outbox_store::retry(std::int64_t id)
{
    return change(std::string("UPDATE outbox SET status = 'pending', attempts = 0, due_at = ") + now_sql +
                      ", updated = " + now_sql + " WHERE id = ?1",
                  id);
}

bool sqlite_outbox_store::remove(std::int64_t id)
{
    return change("DELETE FROM outbox WHERE id = ?1", id);
}

std::vector<outbox_entry> sqlite_outbox_store::list(std::optional<std::string_view> target, std::size_t limit) const
{
    auto query = db_->prepare("SELECT " + columns + " FROM outbox WHERE (?1 IS NULL OR target = ?1) ORDER BY id LIMIT ?2");
    if (target)
        query.bind(1, *target);
    else
        query.bind_null(1);
    query.bind(2, static_cast<std::int64_t>(limit));
    return read_entries(query);
}

} // namespace store
