#include "store/sqlite/unicode_refold.hpp"

#include "scim/case_fold.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

namespace store {

namespace {

struct resource_keys {
    std::int64_t seq = 0;
    std::string target, type, id;
    std::optional<std::string> unique_name, user_name, display_name;
};

std::optional<std::string> read_optional(const statement& stmt, int column)
{
    return stmt.column_is_null(column) ? std::nullopt : std::optional<std::string>(stmt.column_text(column));
}

// Only keys with a byte >= 0x80 can fold differently than they were folded.
bool needs_refold(const std::optional<std::string>& key)
{
    return key && !scim::is_ascii(*key);
}

std::optional<std::string> refolded(const std::optional<std::string>& key)
{
    return key ? std::optional<std::string>(scim::fold_case(*key)) : std::nullopt;
}

// "User 'åsa@example.com' (id 7f3c…)": the name as the client wrote it.
std::string describe(connection& conn, std::int64_t seq)
{
    statement row = conn.prepare(
        "SELECT type, id, coalesce(json_extract(json, '$.userName'), json_extract(json, '$.displayName'), '') "
        "FROM resources WHERE created_seq = ?1");
    row.bind(1, seq);
    if (!row.step())
        return "row " + std::to_string(seq);
    return row.column_text(0) + " '" + row.column_text(2) + "' (id " + row.column_text(1) + ")";
}

void refold_resources(connection& conn)
{
    std::vector<resource_keys> changed;
    {
        statement rows = conn.prepare(
            "SELECT created_seq, target, type, id, unique_name, user_name, display_name FROM resources");
        while (rows.step()) {
            resource_keys keys{rows.column_int(0), rows.column_text(1), rows.column_text(2), rows.column_text(3),
                               read_optional(rows, 4), read_optional(rows, 5), read_optional(rows, 6)};
            if (needs_refold(keys.unique_name) || needs_refold(keys.user_name) || needs_refold(keys.display_name))
                changed.push_back(std::move(keys));
        }
    }
    for (const resource_keys& keys : changed) {
        const auto unique_name = refolded(keys.unique_name);
        if (unique_name) {
            // Rows refolded earlier in this loop are already under their new key.
            statement holder = conn.prepare(
                "SELECT created_seq FROM resources WHERE target = ?1 AND type = ?2 AND unique_name = ?3 "
                "AND created_seq <> ?4");
            holder.bind(1, std::string_view(keys.target)).bind(2, std::string_view(keys.type)).bind(3, unique_name).bind(4, keys.seq);
            if (holder.step()) {
                throw sqlite_error(
                    "migration 6 (Unicode case folding) refused: in target '" + keys.target + "', " +
                        describe(conn, holder.column_int(0)) + " and " + describe(conn, keys.seq) +
                        " are the same name once case is folded in full, and names must be unique. The store is "
                        "unchanged (still version 5). Rename or remove one of them (through the identity provider, "
                        "with the previous version of scim-bridge), then start this version again.",
                    SQLITE_CONSTRAINT_UNIQUE);
            }
        }
        statement update = conn.prepare(
            "UPDATE resources SET unique_name = ?2, user_name = ?3, display_name = ?4 WHERE created_seq = ?1");
        update.bind(1, keys.seq).bind(2, unique_name).bind(3, refolded(keys.user_name))
            .bind(4, refolded(keys.display_name)).run();
    }
}

// The emails index is not unique across resources; two addresses of one
// resource that now fold alike become one index row, as a write would
// store them (the resource's JSON keeps both).
void refold_emails(connection& conn)
{
    struct email_key {
        std::string target, type, id, email;
    };
    std::vector<email_key> changed;
    {
        statement rows = conn.prepare("SELECT target, type, id, email FROM resource_emails");
        while (rows.step()) {
            email_key key{rows.column_text(0), rows.column_text(1), rows.column_text(2), rows.column_text(3)};
            if (!scim::is_ascii(key.email))
                changed.push_back(std::move(key));
        }
    }
    for (const email_key& key : changed) {
        conn.prepare("DELETE FROM resource_emails WHERE target = ?1 AND type = ?2 AND id = ?3 AND email = ?4")
            .bind(1, std::string_view(key.target)).bind(2, std::string_view(key.type)).bind(3, std::string_view(key.id)).bind(4, std::string_view(key.email)).run();
        conn.prepare("INSERT OR IGNORE INTO resource_emails (target, type, id, email) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, std::string_view(key.target)).bind(2, std::string_view(key.type)).bind(3, std::string_view(key.id)).bind(4, std::string_view(scim::fold_case(key.email))).run();
    }
}

} // namespace

void refold_lookup_keys(connection& conn)
{
    refold_resources(conn);
    refold_emails(conn);
}

void refold_member_ids(connection& conn)
{
    struct member_key {
        std::string target, group_type, group_id, member_id, member_json;
    };
    std::vector<member_key> changed;
    {
        statement rows = conn.prepare("SELECT target, group_type, group_id, member_id, member_json FROM group_members");
        while (rows.step()) {
            member_key key{rows.column_text(0), rows.column_text(1), rows.column_text(2), rows.column_text(3),
                           rows.column_text(4)};
            if (!scim::is_ascii(key.member_id))
                changed.push_back(std::move(key));
        }
    }
    for (const member_key& key : changed) {
        conn.prepare("DELETE FROM group_members WHERE target = ?1 AND group_type = ?2 AND group_id = ?3 "
                     "AND member_id = ?4")
            .bind(1, std::string_view(key.target)).bind(2, std::string_view(key.group_type))
            .bind(3, std::string_view(key.group_id)).bind(4, std::string_view(key.member_id)).run();
        conn.prepare("INSERT OR IGNORE INTO group_members (target, group_type, group_id, member_id, member_json) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, std::string_view(key.target)).bind(2, std::string_view(key.group_type))
            .bind(3, std::string_view(key.group_id)).bind(4, std::string_view(scim::fold_case(key.member_id)))
            .bind(5, std::string_view(key.member_json)).run();
    }
}

} // namespace store
