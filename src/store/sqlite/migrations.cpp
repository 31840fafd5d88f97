#include "store/sqlite/migrations.hpp"

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"
#include "store/sqlite/unicode_refold.hpp"

#include <sqlite3.h>

#include <array>
#include <string>

namespace store {

namespace {

// Version 1. Notes on the choices:
// - resources.created_seq is the rowid: creation order for paging, and the
//   key the in-memory ordinal index holds. AUTOINCREMENT so that a seq is
//   never reused after the newest row is removed: the index is updated after
//   commit, outside the write lock, and a reused seq could see its removal
//   applied after its re-insertion.
// - unique_name, user_name, display_name are stored case-folded by the
//   store (ASCII only up to version 5; Unicode since version 6, see
//   scim/case_fold.hpp), so plain indexes answer case-insensitive look-ups;
//   the original spelling lives in json.
// - resources_by_type (target, type) implicitly ends with the rowid, so it
//   serves both "every row of a type in creation order" and rowid ranges.
// - resource_counts is kept by triggers in the writing transaction, so
//   count() is one row read and can never drift from the table.
// - emails and members cascade from their resource through foreign keys:
//   removing a row cannot leave index rows behind.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE resources (
    created_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    target       TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    json         TEXT    NOT NULL,
    unique_name  TEXT,
    user_name    TEXT,
    external_id  TEXT,
    display_name TEXT,
    UNIQUE (target, type, id)
);
CREATE UNIQUE INDEX resources_unique_name ON resources (target, type, unique_name) WHERE unique_name IS NOT NULL;
CREATE INDEX resources_user_name    ON resources (target, type, user_name)    WHERE user_name IS NOT NULL;
CREATE INDEX resources_external_id  ON resources (target, type, external_id)  WHERE external_id IS NOT NULL;
CREATE INDEX resources_display_name ON resources (target, type, display_name) WHERE display_name IS NOT NULL;
CREATE INDEX resources_by_type      ON resources (target, type);

CREATE TABLE resource_counts (
    target TEXT    NOT NULL,
    type   TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (target, type)
) WITHOUT ROWID;
CREATE TRIGGER resources_count_insert AFTER INSERT ON resources BEGIN
    INSERT INTO resource_counts (target, type, n) VALUES (new.target, new.type, 1)
        ON CONFLICT (target, type) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER resources_count_delete AFTER DELETE ON resources BEGIN
    UPDATE resource_counts SET n = n - 1 WHERE target = old.target AND type = old.type;
END;

CREATE TABLE resource_emails (
    target TEXT NOT NULL,
    type   TEXT NOT NULL,
    id     TEXT NOT NULL,
    email  TEXT NOT NULL,
    PRIMARY KEY (target, type, id, email),
    FOREIGN KEY (target, type, id) REFERENCES resources (target, type, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX resource_emails_by_email ON resource_emails (target, type, email);

-- group_type names the group's resource type so that the foreign key can
-- reach resources (target, type, id); member_id may name a User or a Group.
CREATE TABLE group_members (
    target     TEXT NOT NULL,
    group_type TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    PRIMARY KEY (target, group_type, group_id, member_id),
    FOREIGN KEY (target, group_type, group_id) REFERENCES resources (target, type, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX group_members_by_member ON group_members (target, group_type, member_id, group_id);

-- Tables of the vendor pipeline; their C++ APIs come with that feature.
CREATE TABLE correlation (
    target    TEXT NOT NULL,
    type      TEXT NOT NULL,
    scim_id   TEXT NOT NULL,
    vendor_id TEXT NOT NULL,
    PRIMARY KEY (target, type, scim_id),
    UNIQUE (target, type, vendor_id)
) WITHOUT ROWID;

CREATE TABLE intents (
    id        INTEGER PRIMARY KEY,
    target    TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    scim_id   TEXT    NOT NULL,
    operation TEXT    NOT NULL,
    state     TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    payload   TEXT    NOT NULL,
    created   TEXT    NOT NULL,
    updated   TEXT    NOT NULL
);
-- Start-up resolves pending intents; this keeps that look-up off a scan.
CREATE INDEX intents_pending ON intents (state) WHERE state = 'pending';
CREATE INDEX intents_resource ON intents (target, type, scim_id);

CREATE TABLE jobs (
    id                INTEGER PRIMARY KEY,
    target            TEXT    NOT NULL,
    type              TEXT    NOT NULL,
    scim_id           TEXT    NOT NULL,
    vendor_request_id TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    next_poll_at      TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    created           TEXT    NOT NULL,
    updated           TEXT    NOT NULL
);
CREATE INDEX jobs_next_poll ON jobs (next_poll_at) WHERE next_poll_at IS NOT NULL;

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    method     TEXT    NOT NULL,
    path       TEXT    NOT NULL,
    status     INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL
);
CREATE INDEX audit_at ON audit (at);
)sql";

// Version 2: asynchronous jobs name the operation they belong to and the
// SCIM request that started them (for the admin's `jobs` listing and the
// error the identity provider sees), and whether a failure was already
// reported to it (a failure is surfaced once, on the next write).
constexpr const char* schema_v2 = R"sql(
ALTER TABLE jobs ADD COLUMN operation TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN scim_request_id TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_resource ON jobs (target, type, scim_id);
)sql";

// Version 3: targets an admin paused from the command line (vendor
// maintenance) while the server runs; the server re-reads it every second.
constexpr const char* schema_v3 = R"sql(
CREATE TABLE target_pauses (
    target TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    since  TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 4: a user's userName is also its unique_name (folded alike), so
// look-ups by userName use that index; the second index on the same value
// only cost every create a b-tree page write.
constexpr const char* schema_v4 = R"sql(
DROP INDEX resources_user_name;
)sql";

// Version 5: the display name as written (display_name is folded for the
// index), so that a member's groups are named without parsing each group's
// text, members and all.
constexpr const char* schema_v5 = R"sql(
ALTER TABLE resources ADD COLUMN display_text TEXT;
UPDATE resources SET display_text = json_extract(json, '$.displayName') WHERE type = 'Group';
)sql";

// Version 6: look-up keys folded in full Unicode (scim/case_fold.hpp) instead
// of ASCII only; the work is C++ (unicode_refold.hpp), which also refuses a
// file where two names become one.
constexpr const char* schema_v6 = "";

// Version 7: values a vendor's answers handed back
// for later requests (response.keep), per resource (member '') and per
// membership of a group (member = the member's SCIM id). The second index
// serves forgetting a deleted user's memberships in every group. IF NOT
// EXISTS: a file taken back to an earlier version (as the migration tests
// do) may still hold the table, and it is the same table.
constexpr const char* schema_v7 = R"sql(
CREATE TABLE IF NOT EXISTS kept_values (
    target  TEXT NOT NULL,
    type    TEXT NOT NULL,
    scim_id TEXT NOT NULL,
    member  TEXT NOT NULL DEFAULT '',
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (target, type, scim_id, member, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kept_values_member ON kept_values (target, member) WHERE member <> '';
)sql";

// Version 8: deferred delivery's backlog (store/outbox_store.hpp), one
// entry per resource. vendor_state NULL: the vendor has no record yet (or,
// with maybe_created, none whose vendor id is known).
constexpr const char* schema_v8 = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY,
    target          TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    scim_id         TEXT    NOT NULL,
    vendor_state    TEXT,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    scim_request_id TEXT    NOT NULL DEFAULT '',
    maybe_created   INTEGER NOT NULL DEFAULT 0,
    due_at          TEXT    NOT NULL,
    created         TEXT    NOT NULL,
    updated         TEXT    NOT NULL,
    UNIQUE (target, type, scim_id)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (target, due_at) WHERE status = 'pending';
)sql";

// Version 9: a group's members are rows with their objects as text
// (store/resource_store.hpp), no longer part of the group's text. The rows
// are rebuilt from the texts in one pass (json_each), then the texts lose
// `members`. member_id is the id folded (members.value is caseExact=false):
// lower() here, the full folding in refold_member_ids after it, for the
// rare id that is not ASCII. A member named twice keeps its first object.
// The column is added only when missing: a file taken back to an older
// version by hand (the tests do) may have it already.
constexpr const char* schema_v9 = R"sql(
DELETE FROM group_members;
INSERT OR IGNORE INTO group_members (target, group_type, group_id, member_id, member_json)
    SELECT r.target, r.type, r.id, lower(json_extract(m.value, '$.value')), m.value
    FROM resources r, json_each(r.json, '$.members') m
    WHERE r.type = 'Group' AND json_type(m.value, '$.value') = 'text';
UPDATE resources SET json = json_remove(json, '$.members')
    WHERE type = 'Group' AND json_type(json, '$.members') IS NOT NULL;
)sql";

void members_as_rows(connection& conn)
{
    statement column = conn.prepare("SELECT 1 FROM pragma_table_info('group_members') WHERE name = 'member_json'");
    if (!column.step())
        conn.exec("ALTER TABLE group_members ADD COLUMN member_json TEXT NOT NULL DEFAULT ''");
    conn.exec(schema_v9);
    refold_member_ids(conn);
}

constexpr std::array<migration, 9> all_migrations{{
    {1, "resources, emails, group members, correlation, intents, jobs, audit", schema_v1},
    {2, "jobs: operation, SCIM request id, reported flag", schema_v2},
    {3, "target pauses", schema_v3},
    {4, "userName look-ups through the unique_name index", schema_v4},
    {5, "display names as written, for the groups of a member", schema_v5},
    {6, "look-up keys folded in full Unicode", schema_v6, refold_lookup_keys},
    {7, "values kept from vendor answers (response.keep)", schema_v7},
    {8, "deferred delivery's outbox", schema_v8},
    {9, "group members as rows of their own", "", members_as_rows},
}};

int read_version(connection& conn) {
    statement version = conn.prepare("PRAGMA user_version");
    version.step();
    return static_cast<int>(version.column_int(0));
}

} // namespace

std::span<const migration> migrations() {
    return all_migrations;
}

migration_result migrate(connection& conn) {
    const auto steps = migrations();
    const int newest = steps.empty() ? 0 : steps.back().version;
    // Cheap check first: an up-to-date file is opened without taking the write lock.
    if (read_version(conn) == newest) {
        return {newest, 0};
    }
    int applied = 0;
    conn.exec("BEGIN IMMEDIATE");
    try {
        const int current = read_version(conn);
        if (current > newest) {
            const char* file = sqlite3_db_filename(conn.handle(), "main");
            throw sqlite_error("schema version " + std::to_string(current) + " is newer than this build knows (" +
                                   std::to_string(newest) + ") (" + (file != nullptr ? file : "?") + ")",
                               SQLITE_ERROR);
        }
        for (const migration& step : steps) {
            if (step.version <= current) {
                continue;
            }
            if (sqlite3_exec(conn.handle(), step.sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
                throw_sqlite_error(conn.handle(), "migration " + std::to_string(step.version) + " (" +
                                                      step.description + ")");
            }
            if (step.code != nullptr) {
                step.code(conn);
            }
            conn.exec(("PRAGMA user_version=" + std::to_string(step.version)).c_str());
            ++applied;
        }
        conn.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return {newest, applied};
}

} // namespace store
