#pragma once
// The server engine: one libpq connection to PostgreSQL. A unit of work is
// BEGIN ISOLATION LEVEL SERIALIZABLE; a serialization failure or deadlock, on any statement or at
// COMMIT, is Retry. Each distinct SQL text is prepared once per connection and kept.
//
// Values travel as text (bytes as binary bytea), so a parameter takes the type of where it
// stands: a column it is compared with or stored in, or a CAST. Bytes must stand where a BYTEA is
// expected. Text cannot hold a NUL character.
//
// After a statement fails inside a transaction, PostgreSQL refuses every further statement of
// it: the caller rolls back (commit() then throws the first failure's kind).

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "storage/sql.hpp"

namespace tp::service::storage {

// Connects to a libpq URI ("postgresql://user@host:5432/db?sslmode=..."). Throws StorageError
// (Unavailable) when the URI is malformed or the server cannot be reached or refuses the login;
// the message never repeats the URI (it may hold a password). Statements must not outlive it.
std::unique_ptr<Sql> open_postgres(const std::string& uri);

// The channel every unit of work that adds change rows notifies at its commit
// (Sql::serialize_feed_writes).
inline constexpr const char* kChangesChannel = "touchpoint_changes";

// Calls `on_change` on its own thread whenever any instance on the database commits change rows
// (LISTEN on kChangesChannel), so long polls wake on every instance. A lost connection is opened
// again (every second until it is), and `on_change` is called once it is, since a notification
// may have been missed meanwhile.
class ChangeListener {
  public:
    ChangeListener(std::string uri, std::function<void()> on_change);
    ~ChangeListener();  // stops and joins within about 200 ms
    ChangeListener(const ChangeListener&) = delete;
    ChangeListener& operator=(const ChangeListener&) = delete;

  private:
    void listen();

    std::string uri_;
    std::function<void()> on_change_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace tp::service::storage
