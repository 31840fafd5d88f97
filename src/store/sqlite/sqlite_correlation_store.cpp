#include "store/sqlite/sqlite_correlation_store.hpp"

namespace store {

std::optional<std::string> sqlite_correlation_store::vendor_id(std::string_view target, std::string_view type,
                                                        std::string_view scim_id) const
{
    auto query = db_->prepare("SELECT vendor_id FROM correlation WHERE target = ?1 AND type = ?2 AND scim_id = ?3");
    query.bind(1, target).bind(2, type).bind(3, scim_id);
    if (!query.step())
        return std::nullopt;
    return query.column_text(0);
}

std::optional<std::string> sqlite_correlation_store::scim_id(std::string_view target, std::string_view type,
                                                      std::string_view vendor_id) const
{
    auto query = db_->prepare("SELECT scim_id FROM correlation WHERE target = ?1 AND type = ?2 AND vendor_id = ?3");
    query.bind(1, target).bind(2, type).bind(3, vendor_id);
    if (!query.step())
        return std::nullopt;
    return query.column_text(0);
}

void sqlite_correlation_store::link(std::string_view target, std::string_view type, std::string_view scim_id,
                             std::string_view vendor_id)
{
    db_->write_transaction([&](sqlite3*) {
        // A vendor id reused by the vendor for a new record moves to it.
        auto stale = db_->prepare("DELETE FROM correlation WHERE target = ?1 AND type = ?2 AND vendor_id = ?3");
        stale.bind(1, target).bind(2, type).bind(3, vendor_id).run();
        auto upsert = db_->prepare(
            "INSERT INTO correlation (target, type, scim_id, vendor_id) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (target, type, scim_id) DO UPDATE SET vendor_id = excluded.vendor_id");
        upsert.bind(1, target).bind(2, type).bind(3, scim_id).bind(4, vendor_id).run();
    });
}

void sqlite_correlation_store::unlink(std::string_view target, std::string_view type, std::string_view scim_id)
{
    db_->write_transaction([&](sqlite3*) {
        auto remove = db_->prepare("DELETE FROM correlation WHERE target = ?1 AND type = ?2 AND scim_id = ?3");
        remove.bind(1, target).bind(2, type).bind(3, scim_id).run();
    });
}

} // namespace store
