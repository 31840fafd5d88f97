#pragma once
// The resource_store on SQLite (see store/resource_store.hpp): one row per
// resource in `resources`, the looked-up attributes in indexed columns,
// emails and group members in their own tables.
//
// Paging by offset uses an in-memory ordinal index (offset -> creation
// sequence), built on first use and kept up to date by this process's
// writes: valid because one process owns a SQLite store file.

#include "store/resource_store.hpp"
#include "store/sqlite/database.hpp"

#include <memory>

namespace store {

class sqlite_resource_store final : public resource_store {
public:
    explicit sqlite_resource_store(std::shared_ptr<database> db);
    ~sqlite_resource_store() override;

    std::optional<resource_row> get(const resource_key& key) const override;
    std::optional<resource_row> get_without_members(const resource_key& key) const override;
    std::vector<member_entry> members_among(const resource_key& group,
                                            const std::vector<std::string>& ids) const override;
    std::vector<resource_row> find(const std::string& target, const std::string& type, indexed_column column,
                                   const std::string& value) const override;
    std::vector<group_ref> groups_of_member(const std::string& target, const std::string& member_id) const override;
    std::int64_t count(const std::string& target, const std::string& type) const override;
    std::vector<resource_row> page(const std::string& target, const std::string& type, std::int64_t offset,
                                   std::int64_t count) const override;
    std::vector<resource_row> page_after(const std::string& target, const std::string& type, std::int64_t after,
                                         std::int64_t count) const override;
    void for_each(const std::string& target, const std::string& type,
                  const std::function<void(const resource_row&)>& visit) const override;
    write_outcome insert(const resource_write& write) override;
    write_outcome update(const resource_write& write, std::int64_t& new_version) override;
    write_outcome remove(const resource_key& key, std::int64_t expected_version,
                         const std::function<void()>& with_commit = {}) override;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace store
