#include "touchpoint/sqlite.hpp"

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace tp {

// Idle cached statements of one connection, by SQL text. Closed with its Db: a statement that
// comes back after that is finalized.
class StmtCache {
  public:
    sqlite3_stmt* take(std::string_view sql) {
        std::lock_guard lock(mutex_);
        auto it = idle_.find(std::string(sql));
        if (it == idle_.end()) return nullptr;
        sqlite3_stmt* stmt = it->second;
        idle_.erase(it);
        return stmt;
    }
    void give_back(sqlite3_stmt* stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        std::lock_guard lock(mutex_);
        if (closed_ || !idle_.try_emplace(sqlite3_sql(stmt), stmt).second) sqlite3_finalize(stmt);
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
        idle_.clear();
    }

  private:
    std::mutex mutex_;
    std::unordered_map<std::string, sqlite3_stmt*> idle_;
    bool closed_ = false;
};

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    std::string msg(what);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw DbException(rc, msg);
}

}  // namespace

Db::Db(const std::string& path, int flags) : cache_(std::make_shared<StmtCache>()), path_(path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw DbException(rc, "open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_commit_hook(db_, &Db::commit_hook, this);
}

Db::Db(Db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      cache_(std::move(other.cache_)),
      path_(std::move(other.path_)),
      fail_next_commit_(other.fail_next_commit_) {
    if (db_) sqlite3_commit_hook(db_, &Db::commit_hook, this);
}

Db& Db::operator=(Db&& other) noexcept {
    if (this != &other) {
        if (cache_) cache_->close();
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        cache_ = std::move(other.cache_);
        path_ = std::move(other.path_);
        fail_next_commit_ = other.fail_next_commit_;
        if (db_) sqlite3_commit_hook(db_, &Db::commit_hook, this);
    }
    return *this;
}

Db::~Db() {
    if (cache_) cache_->close();
    sqlite3_close_v2(db_);
}

int Db::commit_hook(void* self) {
    auto* db = static_cast<Db*>(self);
    return std::exchange(db->fail_next_commit_, false) ? 1 : 0;
}

void Db::exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbException(rc, msg);
    }
}

Stmt Db::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
    return Stmt(db_, stmt);
}

Stmt Db::prepare_cached(std::string_view sql) {
    if (!cache_) return prepare(sql);
    if (sqlite3_stmt* stmt = cache_->take(sql)) return Stmt(db_, stmt, cache_);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
    return Stmt(db_, stmt, cache_);
}

std::int64_t Db::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}
int Db::changes() const {
    return sqlite3_changes(db_);
}

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), home_(std::move(other.home_)) {}
Stmt::~Stmt() {
    if (stmt_ && home_)
        home_->give_back(stmt_);
    else
        sqlite3_finalize(stmt_);
}

Stmt& Stmt::bind(int index, std::int64_t v) {
    int rc = sqlite3_bind_int64(stmt_, index, v);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}
Stmt& Stmt::bind(int index, double v) {
    int rc = sqlite3_bind_double(stmt_, index, v);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}
Stmt& Stmt::bind(int index, std::string_view v) {
    int rc =
        sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}
Stmt& Stmt::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Stmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
}

void Stmt::run() {
    while (step()) {
    }
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Stmt::int64(int col) const {
    return sqlite3_column_int64(stmt_, col);
}
double Stmt::real(int col) const {
    return sqlite3_column_double(stmt_, col);
}
std::string Stmt::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
}
bool Stmt::is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Transaction::Transaction(Db& db, Durability durability) : db_(db), durability_(durability) {
    if (durability_ == Durability::Full) db_.exec("PRAGMA synchronous=FULL");
    db_.prepare_cached("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
    if (!done_) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    if (durability_ == Durability::Full)
        sqlite3_exec(db_.handle(), "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    done_ = true;  // a failed COMMIT leaves SQLite in autocommit after its own rollback
    try {
        db_.prepare_cached("COMMIT").run();
    } catch (...) {
        if (!sqlite3_get_autocommit(db_.handle()))
            sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace tp
