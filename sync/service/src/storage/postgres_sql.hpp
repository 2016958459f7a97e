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

#include <memory>
#include <string>

#include "storage/sql.hpp"

namespace tp::service::storage {

// Connects to a libpq URI ("postgresql://user@host:5432/db?sslmode=..."). Throws StorageError
// (Unavailable) when the URI is malformed or the server cannot be reached or refuses the login;
// the message never repeats the URI (it may hold a password). Statements must not outlive it.
std::unique_ptr<Sql> open_postgres(const std::string& uri);

}  // namespace tp::service::storage
