#include "store/sqlite/sqlite_job_store.hpp"

#include "store/sqlite/sql_time.hpp"

#include <sqlite3.h>

#include <string>

namespace store {

namespace {

constexpr const char* columns = "id, target, type, scim_id, operation, vendor_request_id, scim_request_id, status, "
                                "COALESCE(last_error, ''), created, updated, attempts, reported, "
                                "CAST((julianday('now') - julianday(created)) * 86400000.0 AS INTEGER)";

job_row read_row(statement& query)
{
    job_row row;
    row.id = query.column_int(0);
    row.target = query.column_text(1);
    row.type = query.column_text(2);
    row.scim_id = query.column_text(3);
    row.operation = query.column_text(4);
    row.vendor_request_id = query.column_text(5);
    row.scim_request_id = query.column_text(6);
    row.status = query.column_text(7);
    row.last_error = query.column_text(8);
    row.created = query.column_text(9);
    row.updated = query.column_text(10);
    row.attempts = query.column_int(11);
    row.reported = query.column_int(12) != 0;
    row.age_ms = query.column_int(13);
    return row;
}

std::vector<job_row> read_rows(statement& query)
{
    std::vector<job_row> rows;
    while (query.step())
        rows.push_back(read_row(query));
    return rows;
}

} // namespace

std::int64_t sqlite_job_store::add(const new_job& job, long long first_poll_ms)
{
    std::int64_t id = 0;
    db_->write_transaction([&](sqlite3* connection) {
        auto insert = db_->prepare(
            std::string("INSERT INTO jobs (target, type, scim_id, operation, vendor_request_id, scim_request_id, "
                        "status, next_poll_at, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'in_progress', ") +
            now_plus_sql(first_poll_ms) + ", " + now_sql + ", " + now_sql + ")");
        insert.bind(1, job.target)
            .bind(2, job.type)
            .bind(3, job.scim_id)
            .bind(4, job.operation)
            .bind(5, job.vendor_request_id)
            .bind(6, job.scim_request_id)
            .run();
        id = sqlite3_last_insert_rowid(connection);
    });
    return id;
}

std::optional<job_row> sqlite_job_store::find(std::int64_t id) const
{
    auto query = db_->prepare(std::string("SELECT ") + columns + " FROM jobs WHERE id = ?1");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return read_row(query);
}

std::vector<job_row> sqlite_job_store::due(std::string_view target, std::size_t limit) const
{
    auto query = db_->prepare(std::string("SELECT ") + columns +
                              " FROM jobs WHERE next_poll_at IS NOT NULL AND target = ?1 AND next_poll_at <= " +
                              now_sql + " ORDER BY next_poll_at, id LIMIT ?2");
    query.bind(1, target).bind(2, static_cast<std::int64_t>(limit));
    return read_rows(query);
}

std::optional<long long> sqlite_job_store::next_due_in_ms(std::string_view target) const
{
    auto query = db_->prepare(
        "SELECT MAX(0, CAST(ROUND((julianday(MIN(next_poll_at)) - julianday('now')) * 86400000.0) AS INTEGER)) "
        "FROM jobs WHERE next_poll_at IS NOT NULL AND target = ?1");
    query.bind(1, target);
    if (!query.step() || query.column_is_null(0))
        return std::nullopt;
    return query.column_int(0);
}

void sqlite_job_store::reschedule(std::int64_t id, std::string_view status, long long delay_ms)
{
    db_->write_transaction([&](sqlite3*) {
        auto update = db_->prepare(std::string("UPDATE jobs SET status = ?2, attempts = attempts + 1, next_poll_at = ") +
                                   now_plus_sql(delay_ms) + ", updated = " + now_sql + " WHERE id = ?1");
        update.bind(1, id).bind(2, status).run();
    });
}

void sqlite_job_store::finish(std::int64_t id, bool complete, std::string_view error)
{
    db_->write_transaction([&](sqlite3*) {
        auto update = db_->prepare(std::string("UPDATE jobs SET status = ?2, last_error = NULLIF(?3, ''), "
                                               "attempts = attempts + 1, next_poll_at = NULL, updated = ") +
                                   now_sql + " WHERE id = ?1");
        update.bind(1, id).bind(2, complete ? job_status::complete : job_status::failed).bind(3, error).run();
    });
}

std::vector<job_row> sqlite_job_store::unreported_failures(std::string_view target, std::string_view type,
                                                    std::string_view scim_id) const
{
    auto query = db_->prepare(std::string("SELECT ") + columns +
                              " FROM jobs WHERE target = ?1 AND type = ?2 AND scim_id = ?3 AND status = 'failed' "
                              "AND reported = 0 ORDER BY id");
    query.bind(1, target).bind(2, type).bind(3, scim_id);
    return read_rows(query);
}

void sqlite_job_store::mark_reported(std::int64_t id)
{
    db_->write_transaction([&](sqlite3*) {
        auto update = db_->prepare("UPDATE jobs SET reported = 1 WHERE id = ?1");
        update.bind(1, id).run();
    });
}

std::vector<job_row> sqlite_job_store::list(std::optional<std::string_view> target, bool open_or_failed_only,
                                     std::size_t limit) const
{
    auto query = db_->prepare(std::string("SELECT ") + columns + " FROM jobs WHERE (?1 IS NULL OR target = ?1) " +
                              (open_or_failed_only ? "AND status <> 'complete' " : "") + "ORDER BY id DESC LIMIT ?2");
    if (target)
        query.bind(1, *target);
    else
        query.bind_null(1);
    query.bind(2, static_cast<std::int64_t>(limit));
    return read_rows(query);
}

} // namespace store
