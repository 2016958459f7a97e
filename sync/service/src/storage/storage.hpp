#pragma once
// The service's database: a pool of connections to one database and the units of work that run
// on them. Every request's reads and writes are one unit of work: one transaction on one pooled
// connection, committed when the work returns. No lock of the service's own orders them: the
// engine does (SQLite: one writer at a time on the file; PostgreSQL: SERIALIZABLE isolation, and
// the feed writers' table lock for units run with run_feed_writer; docs/storage.md).

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "storage/sql.hpp"

namespace tp::service::storage {

// What a --db value names: a libpq URI (postgresql://… or postgres://…) is a PostgreSQL database,
// anything else the path of an SQLite file.
bool is_postgres_uri(const std::string& spec);
// `spec` as a log may show it: a URI's password (user:password@, password=) replaced by ***.
std::string printable_spec(const std::string& spec);
// A new connection to the database `spec` names. Throws StorageError (Unavailable when it cannot
// be reached).
std::unique_ptr<Sql> connect(const std::string& spec);

class Storage {
  public:
    using Connect = std::function<std::unique_ptr<Sql>()>;
    // At most `size` connections, opened by `connect` when first needed.
    Storage(Connect connect, int size);
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    // How many times a unit of work runs at most when the engine answers Retry (a concurrent
    // transaction won) or Conflict (one took a unique value first).
    static constexpr int kAttempts = 8;

    // Runs `work(sql)` in one transaction, committed when it returns. On Retry or Conflict the
    // transaction is rolled back and `work` runs again from the start (so it must not act outside
    // the database before it returns), up to kAttempts times with a growing random pause; then
    // the last StorageError is thrown. Anything else `work` throws rolls back and propagates.
    template <typename Work>
    auto run(Work&& work) -> std::invoke_result_t<Work&, Sql&> {
        return run_unit(false, work);
    }
    // The same for a unit that only reads (it must write nothing): it takes no write lock, so on
    // SQLite such units run at once beside each other and beside a writer, each on the snapshot
    // of what had committed when it began.
    template <typename Work>
    auto read(Work&& work) -> std::invoke_result_t<Work&, Sql&> {
        return run_unit(false, work, true);
    }
    // The same for a unit that adds change rows (commands, scope changes): it takes the feed
    // writers' lock before its first statement (Sql::serialize_feed_writes), so such units run
    // one at a time on every engine, each seeing all that committed before it, and never fail
    // each other's serialization.
    template <typename Work>
    auto run_feed_writer(Work&& work) -> std::invoke_result_t<Work&, Sql&> {
        return run_unit(true, work);
    }
    // The same as read() for a unit that gives way: it gets a connection only while no unit run
    // otherwise waits for one (a long poll's reads, so that short requests never queue behind
    // hundreds of them).
    template <typename Work>
    auto read_giving_way(Work&& work) -> std::invoke_result_t<Work&, Sql&> {
        return run_unit(false, work, true, true);
    }

    // A connection held for work outside a unit (start-up: migrations, seeding); returned to the
    // pool when the lease ends.
    class Lease {
      public:
        Lease() = default;
        Lease(Storage& owner, std::unique_ptr<Sql> sql) : owner_(&owner), sql_(std::move(sql)) {}
        Lease(Lease&& other) noexcept = default;
        // Gives back what this lease held, then takes `other`'s connection.
        Lease& operator=(Lease&& other) noexcept {
            release();
            owner_ = other.owner_;
            sql_ = std::move(other.sql_);
            return *this;
        }
        ~Lease() { release(); }
        Sql& operator*() const { return *sql_; }
        Sql* operator->() const { return sql_.get(); }

      private:
        void release() noexcept;
        Storage* owner_ = nullptr;
        std::unique_ptr<Sql> sql_;
    };
    // `gives_way`: only once no lease without it waits.
    Lease lease(bool gives_way = false);

  private:
    template <typename Work>
    auto run_unit(bool feed_writer, Work& work, bool read_only = false, bool gives_way = false)
        -> std::invoke_result_t<Work&, Sql&> {
        Lease sql = lease(gives_way);
        // SQLite has one writer at a time: writers of this process queue here, where the next
        // one starts as soon as the last commits, instead of in SQLite's busy handler, which
        // polls in sleeps of up to 100 ms.
        std::unique_lock<std::mutex> writing(writer_mutex_, std::defer_lock);
        if (!read_only && sql->engine() == Sql::Engine::Sqlite) writing.lock();
        bool reconnected = false;
        for (int attempt = 1;; ++attempt) {
            try {
                Transaction txn(*sql, read_only);
                if (feed_writer) sql->serialize_feed_writes();
                if constexpr (std::is_void_v<std::invoke_result_t<Work&, Sql&>>) {
                    work(*sql);
                    txn.commit();
                    return;
                } else {
                    auto result = work(*sql);
                    txn.commit();
                    return result;
                }
            } catch (const StorageError& e) {
                // A pooled connection the server ended (a database restart) is replaced, and the
                // idle ones with it, once per unit: it runs again on a new connection.
                if (e.kind() == StorageError::Kind::Unavailable && !sql->usable() && !reconnected) {
                    reconnected = true;
                    sql = Lease();
                    drop_idle();  // they were most likely ended with it
                    sql = lease(gives_way);
                    continue;
                }
                const bool again = e.kind() == StorageError::Kind::Retry || e.kind() == StorageError::Kind::Conflict;
                if (!again || attempt == kAttempts) throw;
                pause_before(attempt + 1);
            }
        }
    }

    static void pause_before(int attempt);
    void give_back(std::unique_ptr<Sql> sql);
    // Wakes a lease waiting for a connection, one that does not give way first. Under mutex_.
    void wake_one();
    // Closes every idle connection; later leases open new ones.
    void drop_idle();

    Connect connect_;
    int size_;
    int opened_ = 0;
    std::mutex mutex_;
    std::mutex writer_mutex_;
    std::condition_variable returned_;      // for leases that do not give way
    std::condition_variable returned_late_;  // for those that do
    int waiting_ = 0;                        // leases that do not give way, waiting
    std::vector<std::unique_ptr<Sql>> idle_;
};

}  // namespace tp::service::storage
