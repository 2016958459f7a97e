#pragma once
// Giving the space of deleted rows back to the file system. The store runs with
// auto_vacuum=INCREMENTAL: deleted pages go to the free list, and vacuum_free_pages() moves them
// to the end of the file and truncates it, a few pages per transaction, off the UI thread (the
// sync engine's housekeeping). A database made before that setting has it switched on at its
// next open by one VACUUM (enable_incremental_vacuum).

#include <cstdint>

#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

// Switches an existing database to auto_vacuum=INCREMENTAL with one VACUUM (a no-op when it is
// already). VACUUM is one transaction: a crash or power cut during it leaves the file as it was,
// and the next open tries again; so does a failure (another connection busy, a full disk), which
// is logged and otherwise ignored — the store works the same, only without giving space back.
// Returns true when the database is incremental afterwards. Must run outside a transaction.
bool enable_incremental_vacuum(Db& db);

struct VacuumProgress {
    std::int64_t freed_pages = 0;  // pages given back to the file system by this call
    std::int64_t free_pages = 0;   // pages still on the free list afterwards
};

// Runs PRAGMA incremental_vacuum(`pages_per_step`) at most `max_steps` times, each its own
// transaction, stopping early once the free list is empty. Throws nothing.
Result<VacuumProgress> vacuum_free_pages(Store& store, int pages_per_step, int max_steps);

// The database's size as SQLite counts it: page_count * page_size (the main file once the WAL
// is checkpointed). Throws DbException.
std::int64_t database_bytes(Db& db);

}  // namespace tp
