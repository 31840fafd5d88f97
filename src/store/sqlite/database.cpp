#include "store/sqlite/database.hpp"

#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/private_files.hpp"
#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace store {

namespace {

// Every connection of one database, so that close() can reach connections
// opened by other threads. Threads hold only a weak reference: a registry
// outlives neither its database nor the need to close.
struct connection_registry {
    std::filesystem::path path;
    int busy_timeout_ms = 0;
    std::mutex mutex;
    std::unordered_map<std::thread::id, std::unique_ptr<connection>> connections;
    std::atomic<bool> closed{false};

    void release(std::thread::id thread) {
        std::unique_ptr<connection> gone;
        std::lock_guard lock(mutex);
        auto found = connections.find(thread);
        if (found != connections.end()) {
            gone = std::move(found->second);
            connections.erase(found);
        }
    }
};

// This thread's connections, keyed by a database serial number rather than
// its address, which a later database could reuse. On thread exit each
// connection is handed back to (and closed by) its registry, so short-lived
// threads do not accumulate open files.
struct thread_connections {
    struct entry {
        std::weak_ptr<connection_registry> registry;
        connection* conn = nullptr;
    };
    std::unordered_map<std::uint64_t, entry> entries;

    ~thread_connections() {
        for (auto& [serial, e] : entries) {
            if (auto registry = e.registry.lock()) {
                registry->release(std::this_thread::get_id());
            }
        }
    }
};

thread_local thread_connections this_thread_connections;
// The database whose write transaction this thread is inside, if any.
thread_local const database* writing_on_this_thread = nullptr;
std::atomic<std::uint64_t> next_serial{1};

} // namespace

struct database::impl {
    std::uint64_t serial = next_serial++;
    std::shared_ptr<connection_registry> registry = std::make_shared<connection_registry>();
    std::mutex write_mutex;
    int version = 0;

    // Qualified: inside database, plain `connection` names the member function.
    store::connection& this_thread() {
        if (registry->closed.load()) {
            throw std::runtime_error("database is closed (" + registry->path.string() + ")");
        }
        auto& entries = this_thread_connections.entries;
        auto found = entries.find(serial);
        if (found != entries.end()) {
            return *found->second.conn;
        }
        auto opened = std::make_unique<store::connection>(registry->path, registry->busy_timeout_ms);
        store::connection* conn = opened.get();
        {
            std::lock_guard lock(registry->mutex);
            registry->connections[std::this_thread::get_id()] = std::move(opened);
        }
        // Entries of databases that are gone would otherwise pile up in
        // threads that outlive many databases (tests, reopen).
        std::erase_if(entries, [](const auto& item) { return item.second.registry.expired(); });
        entries[serial] = {registry, conn};
        return *conn;
    }
};

database::database(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

database::~database() {
    close();
}

std::shared_ptr<database> database::open(const database_options& options) {
    auto state = std::make_unique<impl>();
    state->registry->path = options.path;
    state->registry->busy_timeout_ms = options.busy_timeout_ms;
    make_store_files_private(options.path);
    auto& conn = state->this_thread();
    const auto migrated = migrate(conn);
    state->version = migrated.version;
    if (migrated.steps_applied > 0) {
        // A step that rewrites rows (migration 6 refolds every key) leaves
        // a copy of each page it touched in the WAL, and every read then
        // looks pages up there first until a checkpoint copies them back;
        // the store's own checkpoints come only after later writes.
        // Copy back once now and empty the file. A reader of another
        // process may hold the WAL (SQLITE_BUSY): the file stays correct,
        // the next checkpoint or close() does it, so failure is ignored.
        sqlite3_wal_checkpoint_v2(conn.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }
    return std::shared_ptr<database>(new database(std::move(state)));
}

sqlite3* database::connection() const {
    return impl_->this_thread().handle();
}

statement database::prepare(std::string_view sql) const {
    return impl_->this_thread().prepare(sql);
}

void database::write_transaction(const std::function<void(sqlite3*)>& work) const {
    auto& conn = impl_->this_thread();
    // A write inside this thread's own write transaction joins it as a
    // savepoint: the stores compose (a resource, its correlation row and its
    // intent commit together, or not at all), and a part that fails is
    // undone alone (one unit of a group commit, see store_executor).
    if (writing_on_this_thread == this) {
        conn.run_cached("SAVEPOINT nested");
        try {
            work(conn.handle());
        } catch (...) {
            sqlite3_exec(conn.handle(), "ROLLBACK TO nested", nullptr, nullptr, nullptr);
            sqlite3_exec(conn.handle(), "RELEASE nested", nullptr, nullptr, nullptr);
            throw;
        }
        conn.run_cached("RELEASE nested");
        return;
    }
    // Nesting in a read transaction would wait forever on write_mutex.
    if (sqlite3_get_autocommit(conn.handle()) == 0) {
        throw std::logic_error("write_transaction inside a transaction (" + impl_->registry->path.string() + ")");
    }
    std::lock_guard lock(impl_->write_mutex);
    conn.run_cached("BEGIN IMMEDIATE");
    writing_on_this_thread = this;
    try {
        work(conn.handle());
        writing_on_this_thread = nullptr;
        conn.run_cached("COMMIT");
    } catch (...) {
        writing_on_this_thread = nullptr;
        // A failed COMMIT may already have rolled back; then this is a no-op error.
        sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void database::read_transaction(const std::function<void()>& work) const {
    auto& conn = impl_->this_thread();
    conn.run_cached("BEGIN");
    try {
        work();
    } catch (...) {
        sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    // A read transaction has nothing to commit; ending it releases the
    // snapshot (and lets checkpoints proceed).
    conn.run_cached("COMMIT");
}

void database::take_over_checkpoints() const {
    auto& conn = impl_->this_thread();
    conn.exec("PRAGMA wal_autocheckpoint=0");
    conn.track_wal_size();
}

int database::wal_pages() const {
    return impl_->this_thread().wal_pages();
}

void database::checkpoint_passive() const {
    sqlite3_wal_checkpoint_v2(impl_->this_thread().handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

int database::schema_version() const {
    return impl_->version;
}

const std::filesystem::path& database::path() const {
    return impl_->registry->path;
}

void database::close() {
    auto& registry = *impl_->registry;
    if (registry.closed.exchange(true)) {
        return;
    }
    std::lock_guard lock(registry.mutex);
    if (!registry.connections.empty()) {
        // TRUNCATE leaves an empty -wal file: the main file alone is then a
        // complete copy. A failure here is not fatal: closing the last
        // connection checkpoints again.
        sqlite3_wal_checkpoint_v2(registry.connections.begin()->second->handle(), nullptr,
                                  SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }
    registry.connections.clear();
    this_thread_connections.entries.erase(impl_->serial);
}

} // namespace store
