#pragma once
// The embedded engine: one SQLite file (WAL, synchronous=FULL, a 5 s busy wait). A unit of work
// is BEGIN IMMEDIATE, so writers queue on the file's lock; SQLITE_BUSY after the wait is Retry.
// The log is checkpointed by the file's SqliteCheckpointer, not by the committing connection.

#include <memory>
#include <string>

#include "storage/sql.hpp"

namespace tp::service::storage {

// Opens or creates the file. Throws StorageError (Unavailable) when it cannot.
std::unique_ptr<Sql> open_sqlite(const std::string& path);

}  // namespace tp::service::storage
