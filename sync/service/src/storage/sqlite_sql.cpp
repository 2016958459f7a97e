#include "storage/sqlite_sql.hpp"

#include "storage/sqlite_checkpointer.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace tp::service::storage {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    const int primary = rc & 0xff;
    StorageError::Kind kind = StorageError::Kind::Other;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) kind = StorageError::Kind::Retry;
    else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) kind = StorageError::Kind::Conflict;
    else if (primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB || primary == SQLITE_IOERR ||
             primary == SQLITE_FULL || primary == SQLITE_READONLY)
        kind = StorageError::Kind::Unavailable;
    throw StorageError(kind, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

// One connection's prepared statements kept for reuse by their SQL text: preparing each
// statement anew was a quarter of the service's work on a feed page. A statement in use is not
// here; one given back is reset and its bindings cleared.
class StatementCache {
  public:
    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { clear(); }

    sqlite3_stmt* take(std::string_view sql) {
        auto it = idle_.find(std::string(sql));
        if (it == idle_.end()) return nullptr;
        sqlite3_stmt* stmt = it->second;
        idle_.erase(it);
        return stmt;
    }
    void give_back(std::string sql, sqlite3_stmt* stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        if (idle_.size() >= kMaxIdle) {
            sqlite3_finalize(stmt);
            return;
        }
        idle_.emplace(std::move(sql), stmt);
    }
    void clear() {
        for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
        idle_.clear();
    }

  private:
    static constexpr std::size_t kMaxIdle = 128;
    std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

// "?N" is SQLite's own numbered parameter, "?" its next one: the shared dialect as it is.
class SqliteStatement final : public SqlStatement {
  public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, StatementCache& cache, std::string sql)
        : db_(db), stmt_(stmt), cache_(cache), sql_(std::move(sql)) {}
    ~SqliteStatement() override { cache_.give_back(std::move(sql_), stmt_); }

    void bind(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value)); }
    void bind(int index, double value) override { check(sqlite3_bind_double(stmt_, index, value)); }
    // SQLite binds a null pointer as NULL; an empty view (whose data() may be null) is "".
    void bind(int index, std::string_view text) override {
        check(sqlite3_bind_text64(stmt_, index, text.data() ? text.data() : "", text.size(), SQLITE_TRANSIENT,
                                  SQLITE_UTF8));
    }
    void bind_bytes(int index, std::string_view bytes) override {
        check(sqlite3_bind_blob64(stmt_, index, bytes.data() ? bytes.data() : "", bytes.size(), SQLITE_TRANSIENT));
    }
    void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }

    bool step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) {
            changed_ = sqlite3_changes64(db_);
            return false;
        }
        fail(db_, sqlite3_extended_errcode(db_), "step");
    }
    void reset() override {
        sqlite3_reset(stmt_);
        changed_ = 0;
    }
    std::int64_t changed() const override { return changed_; }

    bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
    double real(int column) const override { return sqlite3_column_double(stmt_, column); }
    std::string text(int column) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
    }
    std::string bytes(int column) const override {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
    }

  private:
    void check(int rc) const {
        if (rc != SQLITE_OK) fail(db_, rc, "bind");
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_;
    StatementCache& cache_;
    std::string sql_;
    std::int64_t changed_ = 0;
};

class SqliteSql final : public Sql {
  public:
    explicit SqliteSql(sqlite3* db) : db_(db) {}
    ~SqliteSql() override {
        cache_.clear();
        sqlite3_close_v2(db_);
    }

    std::unique_ptr<SqlStatement> statement(std::string_view sql) override {
        sqlite3_stmt* stmt = cache_.take(sql);
        if (!stmt) {
            const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
            if (rc != SQLITE_OK) fail(db_, sqlite3_extended_errcode(db_), "prepare");
        }
        return std::make_unique<SqliteStatement>(db_, stmt, cache_, std::string(sql));
    }
    void exec(std::string_view sql) override {
        const std::string text(sql);
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            const std::string why = message ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            fail(nullptr, sqlite3_extended_errcode(db_), "exec: " + why);
        }
    }
    void begin() override { exec("BEGIN IMMEDIATE"); }
    void begin_read() override { exec("BEGIN DEFERRED"); }
    void do_commit() override { exec("COMMIT"); }
    void rollback() noexcept override {
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Engine engine() const override { return Engine::Sqlite; }

    // From now on this connection's commits leave the log to `checkpointer`.
    void check_pointed_by(std::shared_ptr<SqliteCheckpointer> checkpointer) {
        checkpointer_ = std::move(checkpointer);
        if (checkpointer_) checkpointer_->attach(db_);
    }

  private:
    sqlite3* db_;
    StatementCache cache_;  // its statements are finalized before db_ closes
    std::shared_ptr<SqliteCheckpointer> checkpointer_;  // released after db_ closes
};

}  // namespace

std::unique_ptr<Sql> open_sqlite(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        throw StorageError(StorageError::Kind::Unavailable, "cannot open " + path + ": " + why);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    auto sql = std::make_unique<SqliteSql>(db);
    sql->exec("PRAGMA journal_mode=WAL");
    sql->exec("PRAGMA synchronous=FULL");
    sql->exec("PRAGMA foreign_keys=ON");
    sql->check_pointed_by(checkpointer_for(path));
    return sql;
}

}  // namespace tp::service::storage
