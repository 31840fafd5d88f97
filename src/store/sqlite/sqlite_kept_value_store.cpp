#include "store/sqlite/sqlite_kept_value_store.hpp"

namespace store {

std::vector<kept_value> sqlite_kept_value_store::values(std::string_view target, std::string_view type,
                                                        std::string_view scim_id, std::string_view member) const
{
    auto query = db_->prepare("SELECT name, value FROM kept_values "
                              "WHERE target = ?1 AND type = ?2 AND scim_id = ?3 AND member = ?4");
    query.bind(1, target).bind(2, type).bind(3, scim_id).bind(4, member);
    std::vector<kept_value> out;
    while (query.step())
        out.push_back({query.column_text(0), query.column_text(1)});
    return out;
}

void sqlite_kept_value_store::keep(std::string_view target, std::string_view type, std::string_view scim_id,
                                   std::string_view member, std::string_view name, std::string_view json)
{
    db_->write_transaction([&](sqlite3*) {
        auto upsert = db_->prepare("INSERT INTO kept_values (target, type, scim_id, member, name, value) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                   "ON CONFLICT (target, type, scim_id, member, name) DO UPDATE SET value = excluded.value");
        upsert.bind(1, target).bind(2, type).bind(3, scim_id).bind(4, member).bind(5, name).bind(6, json).run();
    });
}

void sqlite_kept_value_store::forget_membership(std::string_view target, std::string_view type,
                                                std::string_view scim_id, std::string_view member)
{
    db_->write_transaction([&](sqlite3*) {
        auto remove = db_->prepare("DELETE FROM kept_values WHERE target = ?1 AND type = ?2 AND scim_id = ?3 "
                                   "AND member = ?4");
        remove.bind(1, target).bind(2, type).bind(3, scim_id).bind(4, member).run();
    });
}

void sqlite_kept_value_store::forget_resource(std::string_view target, std::string_view type, std::string_view scim_id)
{
    db_->write_transaction([&](sqlite3*) {
        auto own = db_->prepare("DELETE FROM kept_values WHERE target = ?1 AND type = ?2 AND scim_id = ?3");
        own.bind(1, target).bind(2, type).bind(3, scim_id).run();
        // SCIM ids are unique across types: as a member it is named alone.
        auto as_member = db_->prepare("DELETE FROM kept_values WHERE target = ?1 AND member = ?2");
        as_member.bind(1, target).bind(2, scim_id).run();
    });
}

} // namespace store
