#pragma once
// The service's connection to its database, the same for both engines (SQLite, PostgreSQL).
//
// SQL is written once in the dialect both engines share: parameters as "?" (in order) or "?N"
// (the N-th, reusable); INSERT ... ON CONFLICT ... DO NOTHING / DO UPDATE; INSERT ... RETURNING;
// no engine-specific functions (JSON lookups go through columns). Text is UTF-8, integers are
// 64-bit, bytes are a std::string. Values are always bound, never spliced into SQL.
//
// Every failure throws StorageError. Its kind says what the caller can do: Retry (the engine
// gave up on this transaction because of a concurrent one: a serialization failure, a deadlock,
// a busy lock; run the whole unit of work again), Conflict (a unique or primary key already
// holds the value), Unavailable (the database cannot be reached or opened), Other.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tp::service::storage {

class StorageError : public std::runtime_error {
  public:
    enum class Kind { Retry, Conflict, Unavailable, Other };
    StorageError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

// One prepared statement. Bind by 1-based index; step() until false; columns by 0-based index.
class SqlStatement {
  public:
    virtual ~SqlStatement() = default;
    virtual void bind(int index, std::int64_t value) = 0;
    virtual void bind(int index, double value) = 0;
    virtual void bind(int index, std::string_view text) = 0;
    virtual void bind_bytes(int index, std::string_view bytes) = 0;
    virtual void bind_null(int index) = 0;
    // Runs the statement on the first call; true while a row is available.
    virtual bool step() = 0;
    // Ready to bind and run again; the bound values are kept until bound anew.
    virtual void reset() = 0;
    // Rows the last INSERT, UPDATE or DELETE of this statement changed (after it ran).
    virtual std::int64_t changed() const = 0;

    virtual bool is_null(int column) const = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual std::string bytes(int column) const = 0;
};

// A statement with typed helpers, owning the engine's statement.
class Stmt {
  public:
    explicit Stmt(std::unique_ptr<SqlStatement> s) : s_(std::move(s)) {}
    Stmt& bind(int index, std::int64_t v) { s_->bind(index, v); return *this; }
    Stmt& bind(int index, int v) { s_->bind(index, static_cast<std::int64_t>(v)); return *this; }
    Stmt& bind(int index, bool v) { s_->bind(index, static_cast<std::int64_t>(v)); return *this; }
    Stmt& bind(int index, double v) { s_->bind(index, v); return *this; }
    Stmt& bind(int index, std::string_view v) { s_->bind(index, v); return *this; }
    Stmt& bind(int index, const char* v) { s_->bind(index, std::string_view(v)); return *this; }
    Stmt& bind(int index, const std::string& v) { s_->bind(index, std::string_view(v)); return *this; }
    Stmt& bind_bytes(int index, std::string_view v) { s_->bind_bytes(index, v); return *this; }
    Stmt& bind_null(int index) { s_->bind_null(index); return *this; }
    template <typename... Args>
    Stmt& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }
    bool step() { return s_->step(); }
    // Steps to completion (a statement that returns no rows); the rows it changed.
    std::int64_t run() {
        while (s_->step()) {
        }
        return s_->changed();
    }
    std::int64_t changed() const { return s_->changed(); }
    void reset() { s_->reset(); }
    bool is_null(int col) const { return s_->is_null(col); }
    std::int64_t int64(int col) const { return s_->int64(col); }
    int integer(int col) const { return static_cast<int>(s_->int64(col)); }
    double real(int col) const { return s_->real(col); }
    std::string text(int col) const { return s_->text(col); }
    std::string bytes(int col) const { return s_->bytes(col); }

  private:
    std::unique_ptr<SqlStatement> s_;
};

// One connection, used by one thread at a time (a unit of work holds it).
class Sql {
  public:
    virtual ~Sql() = default;
    virtual std::unique_ptr<SqlStatement> statement(std::string_view sql) = 0;
    Stmt prepare(std::string_view sql) { return Stmt(statement(sql)); }
    // Runs SQL that takes no parameters (schema, transaction control). Never pass input.
    virtual void exec(std::string_view sql) = 0;

    // The transaction of a unit of work: serializable on PostgreSQL, an immediate write lock on
    // SQLite. commit() makes it durable before it returns.
    virtual void begin() = 0;
    // The transaction of a unit that only reads: on SQLite a deferred one, so readers on their
    // own connections run beside each other and beside the writer (WAL); on PostgreSQL a read-only
    // snapshot (REPEATABLE READ), which takes no part in serialization failures.
    virtual void begin_read() { begin(); }
    void commit() {
        if (fail_next_commit_) {
            fail_next_commit_ = false;
            rollback();
            throw StorageError(StorageError::Kind::Unavailable, "commit failed (injected)");
        }
        do_commit();
    }
    virtual void rollback() noexcept = 0;

    enum class Engine { Sqlite, Postgres };
    virtual Engine engine() const = 0;

    // False once the connection is lost (the server ended it): a pool drops it.
    virtual bool usable() const { return true; }
    // Called in a unit of work before its first change row (the change feed's `changes` table):
    // from then until the unit commits or rolls back, no other unit can add change rows, so change
    // seqs are handed out in commit order (docs/sync-protocol.md §5 "Order across writers").
    // SQLite has one writer at a time already; PostgreSQL locks the changes table against other
    // writers (not readers) until the transaction ends.
    virtual void serialize_feed_writes() {}

    // Test hook: the next commit() rolls back and throws Unavailable, as a failing disk would.
    void fail_next_commit() { fail_next_commit_ = true; }

  protected:
    virtual void do_commit() = 0;

  private:
    bool fail_next_commit_ = false;
};

// begin() now; rollback() on destruction unless committed.
class Transaction {
  public:
    explicit Transaction(Sql& sql, bool read_only = false) : sql_(sql) {
        if (read_only)
            sql_.begin_read();
        else
            sql_.begin();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (!done_) sql_.rollback();
    }
    // A commit that fails (SQLite busy at COMMIT, a serialization failure) leaves the
    // transaction to the destructor's rollback, so the connection is never handed on inside one.
    void commit() {
        sql_.commit();
        done_ = true;
    }

  private:
    Sql& sql_;
    bool done_ = false;
};

}  // namespace tp::service::storage

namespace tp::service {
using storage::Sql;
using storage::Stmt;
using storage::StorageError;
using storage::Transaction;
}  // namespace tp::service
