#pragma once
// The service's database: opening it with the pragmas the service relies on, its tables, and
// the values kept in its `meta` table.

#include <memory>
#include <string>

#include "storage/sql.hpp"

namespace tp::service {

// Opens or creates the database at `path`: WAL, synchronous=FULL, busy_timeout, foreign keys,
// and every table (idempotent). A new database gets a fresh random epoch.
// Throws StorageError when the file cannot be opened or is not a database.
std::unique_ptr<Sql> open_service_db(const std::string& path);

// The database epoch (16 hex digits), fixed at creation.
std::string read_epoch(Sql& db);

// Next value of the named counter in `meta` (1, 2, ...). Call inside a write transaction.
std::int64_t next_counter(Sql& db, const char* name);

// Reads / writes a `meta` value; empty string when absent.
std::string read_meta(Sql& db, const char* key);
void write_meta(Sql& db, const char* key, const std::string& value);

}  // namespace tp::service
