#pragma once
// The shadow store: the last known state of every SCIM resource of every
// target, as canonical JSON text, with the attributes that queries look up
// by equality kept in their own indexed columns.
//
// A group's members are rows of their own, one per member with the
// member's object as text, not part of the group's text: a one-member
// PATCH of a group of 100,000 then writes one row, not the whole list.
// Reads of type "Group" return the text with `"members"` spliced back in
// (as its last attribute, ordered by member id); writes take the group's
// text without `members` and the membership as a change (members_added,
// members_removed).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace store {

struct resource_key {
    std::string target;  // the target's name from the configuration
    std::string type;    // "User" or "Group"
    std::string id;      // our SCIM id
};

struct resource_row {
    std::string id;
    std::int64_t version = 0;  // increases by one on every write; 1 on create
    std::string json;          // canonical resource JSON (includes meta)
    // The row's place in creation order: unique, only ever increasing, never
    // reused; keyset paging (page_after) continues from it.
    std::int64_t position = 0;
};

// The values the store indexes, extracted by the caller from the resource.
// Look-ups on user_name, display_name and emails are case-insensitive: the
// store keeps them folded to lower case.
struct index_values {
    std::optional<std::string> unique_name;   // userName of a User, displayName of a Group: unique per target+type
    std::optional<std::string> user_name;
    std::optional<std::string> external_id;   // case-exact
    std::optional<std::string> display_name;
    std::vector<std::string> emails;
};

// A group a resource is a member of, as a user's `groups` shows it.
struct group_ref {
    std::string id;
    std::optional<std::string> display_name;
};

// One member of a group as stored: its id and its object as canonical JSON
// text.
struct member_entry {
    std::string id;
    std::string json;
};

// Columns that find() can use.
enum class indexed_column { id, user_name, external_id, display_name, email, member };

// One write. On insert, expected_version is 0; on update and remove it is the
// version the caller read (optimistic concurrency: a mismatch is a conflict).
struct resource_write {
    resource_key key;
    std::int64_t expected_version = 0;
    std::string json;
    index_values index;
    // Group membership changes since expected_version: the members are
    // rows (see the top of this file), indexed both ways, member -> groups
    // too. `json` of a group leaves `members` out.
    std::vector<member_entry> members_added;
    std::vector<std::string> members_removed;
    // Further writes that must commit in the same transaction, run after
    // the resource's own (the vendor's id in the correlation table, the
    // intent closed): all of them land or none does.
    std::function<void()> with_commit;
    // On update: the index values of the version being replaced, when the
    // caller knows them. Index entries that did not change are then left
    // alone (most PATCHes change no indexed attribute: the row alone is
    // written, not five index b-trees).
    std::optional<index_values> previous_index;
};

enum class write_outcome { ok, conflict /* version mismatch or row gone */, duplicate /* unique_name taken */ };

class resource_store {
public:
    virtual ~resource_store() = default;

    virtual std::optional<resource_row> get(const resource_key& key) const = 0;

    // A group's row without its members (its text as written), and those of
    // `ids` that are members, with their objects: what a PATCH naming a few
    // members needs of a large group.
    virtual std::optional<resource_row> get_without_members(const resource_key& key) const = 0;
    virtual std::vector<member_entry> members_among(const resource_key& group,
                                                    const std::vector<std::string>& ids) const = 0;

    // Rows whose column equals value (case-folded where the column is).
    // `member` finds the groups that have `value` as a member.
    virtual std::vector<resource_row> find(const std::string& target, const std::string& type,
                                           indexed_column column, const std::string& value) const = 0;

    // The groups (type "Group") that have `member_id` as a member, in
    // creation order, without reading their member lists.
    virtual std::vector<group_ref> groups_of_member(const std::string& target,
                                                    const std::string& member_id) const = 0;

    // Number of resources of a type, without a scan.
    virtual std::int64_t count(const std::string& target, const std::string& type) const = 0;

    // Rows in creation order, starting at zero-based `offset`; the cost must
    // not grow with offset.
    virtual std::vector<resource_row> page(const std::string& target, const std::string& type,
                                           std::int64_t offset, std::int64_t count) const = 0;

    // Keyset paging: at most `count` rows in creation order whose position
    // is after `after` (0: from the first). Needs no per-process state, and
    // a page costs the same however far the client has paged.
    virtual std::vector<resource_row> page_after(const std::string& target, const std::string& type,
                                                 std::int64_t after, std::int64_t count) const = 0;

    // Every row of a type in creation order, for filters no index answers.
    virtual void for_each(const std::string& target, const std::string& type,
                          const std::function<void(const resource_row&)>& visit) const = 0;

    // Inserts, updates or removes, with `with_commit` in the same
    // transaction. The new version is returned through `new_version` on
    // success.
    virtual write_outcome insert(const resource_write& write) = 0;
    virtual write_outcome update(const resource_write& write, std::int64_t& new_version) = 0;
    virtual write_outcome remove(const resource_key& key, std::int64_t expected_version,
                                 const std::function<void()>& with_commit = {}) = 0;
};

} // namespace store
