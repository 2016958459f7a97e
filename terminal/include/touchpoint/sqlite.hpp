#pragma once
// A thin RAII layer over SQLite: prepared statements only, values bound by position, never SQL
// built from input. Failures throw DbException inside the terminal module; public store
// functions catch it and return a Result.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tp {

class DbException : public std::runtime_error {
  public:
    DbException(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

class Stmt;
class StmtCache;

class Db {
  public:
    Db() = default;
    // Opens (flags as sqlite3_open_v2). Throws DbException.
    Db(const std::string& path, int flags);
    Db(Db&& other) noexcept;
    Db& operator=(Db&& other) noexcept;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    // Runs SQL that takes no parameters (schema, pragmas). Never pass user input.
    void exec(const char* sql);
    Stmt prepare(std::string_view sql);
    // As prepare, but the statement is kept when the Stmt goes (reset, its bindings cleared) and
    // handed out again for the same SQL text: for statements that run on every command. Each
    // caller gets a statement of its own; one still in use is not shared.
    Stmt prepare_cached(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;

    // Test hook: the next COMMIT is turned into a ROLLBACK by SQLite's commit hook, as a failing
    // disk would do. The transaction's commit then throws.
    void fail_next_commit() { fail_next_commit_ = true; }

  private:
    static int commit_hook(void* self);
    sqlite3* db_ = nullptr;
    std::shared_ptr<StmtCache> cache_;
    std::string path_;
    bool fail_next_commit_ = false;
};

class Stmt {
  public:
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Stmt(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StmtCache> home)
        : db_(db), stmt_(stmt), home_(std::move(home)) {}
    Stmt(Stmt&& other) noexcept;
    Stmt& operator=(Stmt&&) = delete;
    Stmt(const Stmt&) = delete;
    ~Stmt();

    // Binds parameter `index` (1-based).
    Stmt& bind(int index, std::int64_t v);
    Stmt& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Stmt& bind(int index, bool v) { return bind(index, static_cast<std::int64_t>(v)); }
    Stmt& bind(int index, double v);
    Stmt& bind(int index, std::string_view v);
    Stmt& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Stmt& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Stmt& bind_null(int index);
    template <typename... Args>
    Stmt& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    // Steps once: true while a row is available.
    bool step();
    // Steps to completion (for statements returning no rows).
    void run();
    void reset();

    std::int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    double real(int col) const;
    std::string text(int col) const;
    bool is_null(int col) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
    std::shared_ptr<StmtCache> home_;  // where the statement goes back to, if cached
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
class Transaction {
  public:
    enum class Durability { Normal, Full };  // Full: synchronous=FULL for this commit
    explicit Transaction(Db& db, Durability durability = Durability::Normal);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

  private:
    Db& db_;
    Durability durability_;
    bool done_ = false;
};

}  // namespace tp
