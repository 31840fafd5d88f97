#include "store/sqlite/sqlite_resource_store.hpp"

#include "scim/case_fold.hpp"
#include "store/sqlite/ordinal_index.hpp"
#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace store {

namespace {

constexpr const char* select_by_id =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 AND id = ?3";
// A user's unique name is its userName, folded alike: the unique_name index
// answers (the user_name column has no index of its own since schema v4:
// one b-tree less to write per create). `user_name = ?3` keeps the answer
// exact for any type.
constexpr const char* select_by_user_name =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 AND unique_name = ?3 "
    "AND user_name = ?3 ORDER BY created_seq";
constexpr const char* select_by_external_id =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 AND external_id = ?3 "
    "ORDER BY created_seq";
constexpr const char* select_by_display_name =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 AND display_name = ?3 "
    "ORDER BY created_seq";
// CROSS JOIN fixes the loop order (SQLite's documented planner override):
// without statistics the planner would rather walk every row of the type in
// created_seq order, to skip the sort, than start from the small match list.
constexpr const char* select_by_email =
    "SELECT r.id, r.version, r.json, r.created_seq FROM resource_emails e "
    "CROSS JOIN resources r ON r.target = e.target AND r.type = e.type AND r.id = e.id "
    "WHERE e.target = ?1 AND e.type = ?2 AND e.email = ?3 ORDER BY r.created_seq";
constexpr const char* select_by_member =
    "SELECT r.id, r.version, r.json, r.created_seq FROM group_members m "
    "CROSS JOIN resources r ON r.target = m.target AND r.type = m.group_type AND r.id = m.group_id "
    "WHERE m.target = ?1 AND m.group_type = ?2 AND m.member_id = ?3 ORDER BY r.created_seq";
// The group's name from its own column: taking it out of the group's text
// parsed the whole text, every member of it, on every read of a member
// (half a millisecond per read of a user in a group of 10,000).
constexpr const char* select_groups_of_member =
    "SELECT r.id, r.display_text FROM group_members m "
    "CROSS JOIN resources r ON r.target = m.target AND r.type = m.group_type AND r.id = m.group_id "
    "WHERE m.target = ?1 AND m.group_type = 'Group' AND m.member_id = ?2 ORDER BY r.created_seq";
constexpr const char* select_all =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 ORDER BY created_seq";
// Keyset paging through resources_by_type, which ends with the rowid: the
// seek lands on the first row of the page and reads only the page.
constexpr const char* select_after =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 "
    "AND created_seq > ?3 ORDER BY created_seq LIMIT ?4";
constexpr const char* select_seqs =
    "SELECT created_seq FROM resources WHERE target = ?1 AND type = ?2 ORDER BY created_seq";
// A rowid range inside one (target, type): resources_by_type ends with the
// rowid, so this reads exactly the rows of the page.
constexpr const char* select_seq_range =
    "SELECT id, version, json, created_seq FROM resources WHERE target = ?1 AND type = ?2 "
    "AND created_seq BETWEEN ?3 AND ?4 ORDER BY created_seq LIMIT ?5";
constexpr const char* select_count = "SELECT n FROM resource_counts WHERE target = ?1 AND type = ?2";

constexpr const char* exists_id = "SELECT 1 FROM resources WHERE target = ?1 AND type = ?2 AND id = ?3";
constexpr const char* insert_resource =
    "INSERT INTO resources (target, type, id, version, json, unique_name, user_name, external_id, display_name, "
    "display_text) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?10)";
constexpr const char* update_resource =
    "UPDATE resources SET version = version + 1, json = ?4, unique_name = ?5, user_name = ?6, "
    "external_id = ?7, display_name = ?8, display_text = ?10 WHERE target = ?1 AND type = ?2 AND id = ?3 "
    "AND version = ?9 "
    "RETURNING version";
// The same when no indexed column changes: SQLite then touches no index.
constexpr const char* update_resource_json =
    "UPDATE resources SET version = version + 1, json = ?4 "
    "WHERE target = ?1 AND type = ?2 AND id = ?3 AND version = ?5 RETURNING version";
// Emails and member rows go with the resource through ON DELETE CASCADE.
constexpr const char* delete_resource =
    "DELETE FROM resources WHERE target = ?1 AND type = ?2 AND id = ?3 AND version = ?4 RETURNING created_seq";
constexpr const char* delete_emails = "DELETE FROM resource_emails WHERE target = ?1 AND type = ?2 AND id = ?3";
constexpr const char* insert_email =
    "INSERT OR IGNORE INTO resource_emails (target, type, id, email) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* insert_member =
    "INSERT OR IGNORE INTO group_members (target, group_type, group_id, member_id, member_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* select_members =
    "SELECT member_json FROM group_members WHERE target = ?1 AND group_type = ?2 AND group_id = ?3";
constexpr const char* select_member =
    "SELECT member_json FROM group_members WHERE target = ?1 AND group_type = ?2 AND group_id = ?3 "
    "AND member_id = ?4";
constexpr const char* delete_member =
    "DELETE FROM group_members WHERE target = ?1 AND group_type = ?2 AND group_id = ?3 AND member_id = ?4";

// Every row query selects id, version, json, created_seq.
resource_row read_row(const statement& stmt) {
    return {stmt.column_text(0), stmt.column_int(1), stmt.column_text(2), stmt.column_int(3)};
}

std::optional<std::string> folded(const std::optional<std::string>& value) {
    return value ? std::optional<std::string>(scim::fold_case(*value)) : std::nullopt;
}

// Whether the indexed columns (as stored: folded where the column is) and
// the display name as written are the same before and after.
bool same_columns(const index_values& a, const index_values& b) {
    return folded(a.unique_name) == folded(b.unique_name) && folded(a.user_name) == folded(b.user_name) &&
           a.external_id == b.external_id && a.display_name == b.display_name;
}

bool same_emails(const index_values& a, const index_values& b) {
    if (a.emails.size() != b.emails.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.emails.size(); ++i) {
        if (scim::fold_case(a.emails[i]) != scim::fold_case(b.emails[i])) {
            return false;
        }
    }
    return true;
}

// Binds ?4..?8 and ?10, the columns insert and update share.
void bind_values(statement& stmt, const resource_write& write) {
    const index_values& index = write.index;
    stmt.bind(4, std::string_view(write.json))
        .bind(5, folded(index.unique_name))
        .bind(6, folded(index.user_name))
        .bind(7, index.external_id)
        .bind(8, folded(index.display_name))
        .bind(10, index.display_name);
}

statement& bind_key(statement& stmt, const resource_key& key) {
    return stmt.bind(1, std::string_view(key.target)).bind(2, std::string_view(key.type)).bind(3, std::string_view(key.id));
}

// A UNIQUE violation inside a write is the caller's "name taken"; anything
// else is a fault.
bool is_unique_violation(const sqlite_error& error) {
    return error.extended_code() == SQLITE_CONSTRAINT_UNIQUE;
}

} // namespace

struct sqlite_resource_store::impl {
    std::shared_ptr<database> db;
    std::mutex indexes_mutex;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<ordinal_index>> indexes;

    ordinal_index& index_for(const std::string& target, const std::string& type) {
        std::lock_guard lock(indexes_mutex);
        auto& slot = indexes[{target, type}];
        if (!slot) {
            slot = std::make_unique<ordinal_index>();
        }
        return *slot;
    }

    ordinal_index::loader loader_for(const std::string& target, const std::string& type) const {
        return [this, &target, &type] {
            std::vector<std::int64_t> seqs;
            statement stmt = db->prepare(select_seqs);
            stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type));
            while (stmt.step()) {
                seqs.push_back(stmt.column_int(0));
            }
            return seqs;
        };
    }

    std::vector<resource_row> query(const char* sql, const std::string& target, const std::string& type,
                                    const std::string& value) const {
        std::vector<resource_row> rows;
        statement stmt = db->prepare(sql);
        stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type)).bind(3, std::string_view(value));
        while (stmt.step()) {
            rows.push_back(read_row(stmt));
        }
        splice_all(target, type, rows);
        return rows;
    }

    void splice_all(const std::string& target, const std::string& type, std::vector<resource_row>& rows) const {
        for (resource_row& row : rows) {
            splice_members(target, type, row);
        }
    }

    void write_emails(const resource_key& key, const std::vector<std::string>& emails) const {
        for (const std::string& email : emails) {
            statement stmt = db->prepare(insert_email);
            bind_key(stmt, key).bind(4, std::string_view(scim::fold_case(email))).run();
        }
    }

    // One statement per kind, the group's key bound once, run per member;
    // the members in key order, so that both b-trees (the primary key and
    // the by-member index) are walked forward instead of at random.
    void write_members(const resource_write& write) const {
        std::vector<member_row> removed, added;
        for (const std::string& id : write.members_removed) {
            removed.push_back({scim::fold_case(id), nullptr});
        }
        for (const member_entry& member : write.members_added) {
            added.push_back({scim::fold_case(member.id), &member.json});
        }
        run_per_member(delete_member, write.key, std::move(removed));
        run_per_member(insert_member, write.key, std::move(added));
    }

    // A group's text with its member rows spliced in as the last attribute
    // (none: no `members`, as a group without members is written).
    void splice_members(const std::string& target, const std::string& type, resource_row& row) const {
        if (type != "Group" || row.json.size() < 2 || row.json.back() != '}') {
            return;
        }
        statement stmt = db->prepare(select_members);
        stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type)).bind(3, std::string_view(row.id));
        std::string members;
        while (stmt.step()) {
            members += members.empty() ? "\"members\":[" : ",";
            members += stmt.column_text_view(0);
        }
        if (members.empty()) {
            return;
        }
        members += ']';
        row.json.pop_back();
        if (row.json.size() > 1) {  // not "{}"
            row.json += ',';
        }
        row.json += members;
        row.json += '}';
    }

    // A member row as written: its folded id (?4) and, for an insert, its
    // object (?5).
    struct member_row {
        std::string key;
        const std::string* json;
    };

    void run_per_member(const char* sql, const resource_key& key, std::vector<member_row> members) const {
        if (members.empty()) {
            return;
        }
        std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
        statement stmt = db->prepare(sql);
        bind_key(stmt, key);
        for (const member_row& member : members) {
            stmt.bind(4, std::string_view(member.key));
            if (member.json != nullptr) {
                stmt.bind(5, std::string_view(*member.json));
            }
            stmt.run();
            stmt.reset();
        }
    }
};

sqlite_resource_store::sqlite_resource_store(std::shared_ptr<database> db) : impl_(std::make_unique<impl>()) {
    if (!db) {
        throw std::invalid_argument("resource_store needs a database");
    }
    impl_->db = std::move(db);
}

sqlite_resource_store::~sqlite_resource_store() = default;

std::optional<resource_row> sqlite_resource_store::get(const resource_key& key) const {
    auto row = get_without_members(key);
    if (row) {
        impl_->splice_members(key.target, key.type, *row);
    }
    return row;
}

std::optional<resource_row> sqlite_resource_store::get_without_members(const resource_key& key) const {
    statement stmt = impl_->db->prepare(select_by_id);
    bind_key(stmt, key);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return read_row(stmt);
}

std::vector<member_entry> sqlite_resource_store::members_among(const resource_key& group,
                                                               const std::vector<std::string>& ids) const {
    std::vector<member_entry> found;
    statement stmt = impl_->db->prepare(select_member);
    bind_key(stmt, group);
    for (const std::string& id : ids) {
        stmt.bind(4, std::string_view(scim::fold_case(id)));
        if (stmt.step()) {
            found.push_back({id, stmt.column_text(0)});
        }
        stmt.reset();
    }
    return found;
}

std::vector<resource_row> sqlite_resource_store::find(const std::string& target, const std::string& type,
                                               indexed_column column, const std::string& value) const {
    switch (column) {
    case indexed_column::id:
        return impl_->query(select_by_id, target, type, value);
    case indexed_column::user_name:
        return impl_->query(select_by_user_name, target, type, scim::fold_case(value));
    case indexed_column::external_id:
        return impl_->query(select_by_external_id, target, type, value);
    case indexed_column::display_name:
        return impl_->query(select_by_display_name, target, type, scim::fold_case(value));
    case indexed_column::email:
        return impl_->query(select_by_email, target, type, scim::fold_case(value));
    case indexed_column::member:
        return impl_->query(select_by_member, target, type, scim::fold_case(value));
    }
    throw std::invalid_argument("unknown indexed_column");
}

std::vector<group_ref> sqlite_resource_store::groups_of_member(const std::string& target,
                                                       const std::string& member_id) const {
    std::vector<group_ref> groups;
    statement stmt = impl_->db->prepare(select_groups_of_member);
    stmt.bind(1, std::string_view(target)).bind(2, std::string_view(scim::fold_case(member_id)));
    while (stmt.step()) {
        group_ref group{stmt.column_text(0), std::nullopt};
        if (!stmt.column_is_null(1)) {
            group.display_name = stmt.column_text(1);
        }
        groups.push_back(std::move(group));
    }
    return groups;
}

std::int64_t sqlite_resource_store::count(const std::string& target, const std::string& type) const {
    statement stmt = impl_->db->prepare(select_count);
    stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type));
    return stmt.step() ? stmt.column_int(0) : 0;
}

std::vector<resource_row> sqlite_resource_store::page(const std::string& target, const std::string& type,
                                               std::int64_t offset, std::int64_t count) const {
    const std::vector<std::int64_t> seqs =
        impl_->index_for(target, type).slice(offset, count, impl_->loader_for(target, type));
    std::vector<resource_row> rows;
    if (seqs.empty()) {
        return rows;
    }
    rows.reserve(seqs.size());
    // A row removed since the slice was taken is simply absent: the page is
    // then short by one, as it would be a moment later anyway.
    statement stmt = impl_->db->prepare(select_seq_range);
    stmt.bind(1, std::string_view(target))
        .bind(2, std::string_view(type))
        .bind(3, seqs.front())
        .bind(4, seqs.back())
        .bind(5, static_cast<std::int64_t>(seqs.size()));
    while (stmt.step()) {
        rows.push_back(read_row(stmt));
    }
    impl_->splice_all(target, type, rows);
    return rows;
}

std::vector<resource_row> sqlite_resource_store::page_after(const std::string& target, const std::string& type,
                                                     std::int64_t after, std::int64_t count) const {
    std::vector<resource_row> rows;
    if (count <= 0) {
        return rows;
    }
    statement stmt = impl_->db->prepare(select_after);
    stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type)).bind(3, after).bind(4, count);
    while (stmt.step()) {
        rows.push_back(read_row(stmt));
    }
    impl_->splice_all(target, type, rows);
    return rows;
}

void sqlite_resource_store::for_each(const std::string& target, const std::string& type,
                              const std::function<void(const resource_row&)>& visit) const {
    statement stmt = impl_->db->prepare(select_all);
    stmt.bind(1, std::string_view(target)).bind(2, std::string_view(type));
    while (stmt.step()) {
        resource_row row = read_row(stmt);
        impl_->splice_members(target, type, row);
        visit(row);
    }
}

write_outcome sqlite_resource_store::insert(const resource_write& write) {
    std::int64_t seq = 0;
    write_outcome outcome = write_outcome::ok;
    try {
        impl_->db->write_transaction([&](sqlite3* db) {
            statement exists = impl_->db->prepare(exists_id);
            if (bind_key(exists, write.key).step()) {
                outcome = write_outcome::conflict;
                return;
            }
            statement stmt = impl_->db->prepare(insert_resource);
            bind_key(stmt, write.key);
            bind_values(stmt, write);
            stmt.run();
            seq = sqlite3_last_insert_rowid(db);
            impl_->write_emails(write.key, write.index.emails);
            impl_->write_members(write);
            if (write.with_commit)
                write.with_commit();
        });
    } catch (const sqlite_error& error) {
        if (!is_unique_violation(error)) {
            throw;
        }
        return write_outcome::duplicate;
    }
    if (outcome == write_outcome::ok) {
        impl_->index_for(write.key.target, write.key.type).added(seq);
    }
    return outcome;
}

write_outcome sqlite_resource_store::update(const resource_write& write, std::int64_t& new_version) {
    write_outcome outcome = write_outcome::ok;
    std::int64_t version = 0;
    try {
        const bool columns_kept = write.previous_index && same_columns(*write.previous_index, write.index);
        const bool emails_kept = write.previous_index && same_emails(*write.previous_index, write.index);
        impl_->db->write_transaction([&](sqlite3*) {
            statement stmt = impl_->db->prepare(columns_kept ? update_resource_json : update_resource);
            bind_key(stmt, write.key);
            if (columns_kept) {
                stmt.bind(4, std::string_view(write.json)).bind(5, write.expected_version);
            } else {
                bind_values(stmt, write);
                stmt.bind(9, write.expected_version);
            }
            if (!stmt.step()) {
                outcome = write_outcome::conflict;
                return;
            }
            version = stmt.column_int(0);
            stmt.run();  // RETURNING: the row is written when the statement completes
            if (!emails_kept) {
                statement clear = impl_->db->prepare(delete_emails);
                bind_key(clear, write.key).run();
                impl_->write_emails(write.key, write.index.emails);
            }
            impl_->write_members(write);
            if (write.with_commit)
                write.with_commit();
        });
    } catch (const sqlite_error& error) {
        if (!is_unique_violation(error)) {
            throw;
        }
        return write_outcome::duplicate;
    }
    if (outcome == write_outcome::ok) {
        new_version = version;
    }
    return outcome;
}

write_outcome sqlite_resource_store::remove(const resource_key& key, std::int64_t expected_version,
                                     const std::function<void()>& with_commit) {
    std::optional<std::int64_t> seq;
    impl_->db->write_transaction([&](sqlite3*) {
        statement stmt = impl_->db->prepare(delete_resource);
        bind_key(stmt, key).bind(4, expected_version);
        if (stmt.step()) {
            seq = stmt.column_int(0);
            stmt.run();
            if (with_commit)
                with_commit();
        }
    });
    if (!seq) {
        return write_outcome::conflict;
    }
    impl_->index_for(key.target, key.type).removed(*seq);
    return write_outcome::ok;
}

} // namespace store
