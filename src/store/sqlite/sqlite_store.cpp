#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/sqlite_audit_store.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "store/sqlite/sqlite_intent_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "store/sqlite/sqlite_kept_value_store.hpp"
#include "store/sqlite/sqlite_outbox_store.hpp"
#include "store/sqlite/sqlite_pause_store.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

namespace store {

store_set open_sqlite_store(const database_options& options, sqlite_executor_options executor)
{
    return sqlite_store_on(database::open(options), executor);
}

store_set sqlite_store_on(std::shared_ptr<database> db, sqlite_executor_options executor)
{
    store_set set;
    set.resources = std::make_shared<sqlite_resource_store>(db);
    set.correlations = std::make_shared<sqlite_correlation_store>(db);
    set.intents = std::make_shared<sqlite_intent_store>(db);
    set.jobs = std::make_shared<sqlite_job_store>(db);
    set.pauses = std::make_shared<sqlite_pause_store>(db);
    set.audit = std::make_shared<sqlite_audit_store>(db);
    set.kept_values = std::make_shared<sqlite_kept_value_store>(db);
    set.outbox = std::make_shared<sqlite_outbox_store>(db);
    auto run = std::make_shared<sqlite_executor>(db, executor);
    set.executor = run;
    set.close = [run, db] {
        run->stop();
        db->close();
    };
    return set;
}

} // namespace store
