#include "store/sqlite/statement.hpp"

#include "store/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <utility>

namespace store {

namespace {

void check_bind(sqlite3_stmt* stmt, int rc) {
    if (rc != SQLITE_OK) {
        throw_sqlite_error(sqlite3_db_handle(stmt), "bind");
    }
}

} // namespace

statement::statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
        throw_sqlite_error(db, "prepare \"" + std::string(sql) + "\"");
    }
}

statement::statement(sqlite3_stmt* cached, bool* in_use) : stmt_(cached), in_use_(in_use) {}

statement::statement(statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)) {}

statement::~statement() {
    if (stmt_ == nullptr) {
        return;
    }
    if (in_use_ != nullptr) {
        // Reset ends any read transaction this statement held open.
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

statement& statement::bind(int index, std::string_view text) {
    check_bind(stmt_, sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
}

statement& statement::bind(int index, std::int64_t value) {
    check_bind(stmt_, sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

statement& statement::bind_null(int index) {
    check_bind(stmt_, sqlite3_bind_null(stmt_, index));
    return *this;
}

statement& statement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // The destructor resets a cached statement, after the message is taken.
    throw_sqlite_error(sqlite3_db_handle(stmt_), std::string("step \"") + sqlite3_sql(stmt_) + "\"");
}

void statement::run() {
    while (step()) {
    }
}

void statement::reset() {
    // The code sqlite3_reset returns repeats the last step's, already thrown.
    sqlite3_reset(stmt_);
}

std::int64_t statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

std::string statement::column_text(int index) const {
    return std::string(column_text_view(index));
}

std::string_view statement::column_text_view(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    const int size = sqlite3_column_bytes(stmt_, index);
    return text != nullptr ? std::string_view(text, static_cast<std::size_t>(size)) : std::string_view();
}

bool statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

} // namespace store
