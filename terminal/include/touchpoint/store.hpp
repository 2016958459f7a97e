#pragma once
// The terminal's local store: one SQLite file holding the cache of the service's entities in the
// terminal's scope, the overlays of its pending commands, and the outbox.
//
// open() checks the file before writing anything to it: a corrupt file, a file that is not a
// Touchpoint database, or one written by a newer version is refused with an error that names
// the file, and the file is left byte-for-byte as it was.
//
// What open() reads to know the file is intact (Verify): every open reads the header and the
// schema (a foreign, truncated-header, newer or damaged-schema file is refused). The whole file
// (PRAGMA quick_check, ~1 ms per MB) is read as well when
//   - the caller asks for it (Verify::Always: a repair tool; the kiosk does not, so that its
//     start does not read a large cache whole), or
//   - this database file was never checked whole at this path: `<path>.verified` (mode 0600)
//     names the file (device, inode, creation time where the file system keeps one) the last
//     passing check was made on, so a new file, or one copied, restored or swapped in as a new
//     file (a new inode: cp to a new name then mv, a restore tool) is checked on its first
//     open — a file overwritten in place (cp onto the same name keeps the inode) is not, or
//   - the last connection did not close cleanly: no other Store has the file open (each holds
//     a shared lock on `<path>.verified` while it is open) and a WAL is left beside it, which
//     SQLite removes when the last connection closes.
// Damage to pages of a file that was verified and closed cleanly since shows when those pages
// are read: the read fails with DbException (SQLITE_CORRUPT), reported as any store failure.
//
// Data at rest (docs/security.md): the database, its -wal and -shm files, the token file and
// `<path>.verified` are mode 0600 (a directory Touchpoint creates for them is 0700, create_private_directory);
// open() does not create a missing directory: a mistyped path is reported. Deleted content is overwritten
// (secure_delete); the service token lives apart from the cached data, in `<path>.token`.
//
// The file runs with auto_vacuum=INCREMENTAL; open() switches an older file to it with one VACUUM
// (vacuum.hpp).

#include <memory>
#include <optional>
#include <exception>
#include <string>
#include <string_view>

#include "touchpoint/error.hpp"
#include "touchpoint/sqlite.hpp"

namespace tp {

class Store {
  public:
    enum class Verify {
        Needed,  // the whole file only when it was not verified here or not closed cleanly
        Always,  // the whole file on this open too
    };

    // Opens or creates the store at `path` and migrates it to the latest schema.
    // `migrate_to` < 0 means latest (tests pass an older version to build old files).
    static Result<std::unique_ptr<Store>> open(const std::string& path, int migrate_to = -1,
                                               Verify verify = Verify::Needed);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    Db& db() { return db_; }
    const std::string& path() const { return db_.path(); }
    int schema_version();

    // The terminal's service token, from `<path>.token`; nullopt when not enrolled. Throws
    // DbException when the file exists but cannot be read.
    std::optional<std::string> token() const;
    // Replaces the token file atomically and durably (a temporary file, fsync, rename, fsync of
    // the directory), mode 0600. Throws DbException (SQLITE_IOERR) when it cannot be written;
    // the old token is then still in place.
    void set_token(const std::string& token) const;
    std::string token_path() const { return path() + ".token"; }

    // Gives back the page cache of this connection (sqlite3_db_release_memory): the privacy
    // reset calls it so what the session read does not stay in memory.
    void release_memory();

    std::optional<std::string> meta(const std::string& key);
    // Writes within the caller's transaction if one is open.
    void set_meta(const std::string& key, const std::string& value);

    // Reads that cannot hand a failure back as a Result (queries, counts) report it here: it is
    // logged as an error and kept, as a string-table key, until clear_failures(). A screen that
    // reads through this connection shows failure() instead of pretending the data is empty.
    void report_failure(std::string_view where, const std::exception& error);
    const std::optional<std::string>& failure() const { return failure_; }
    void clear_failures() { failure_.reset(); }

  private:
    class Marker;
    Store(Db db, std::unique_ptr<Marker> marker);
    std::unique_ptr<Marker> marker_;  // before db_: its lock is released after db_ is closed
    Db db_;
    std::optional<std::string> failure_;
};

// Creates `path` and its missing parents; `path` itself ends up mode 0700. False on failure.
bool create_private_directory(const std::string& path);

// Registers the SQL functions the schema's triggers and expression indexes use. Called by
// Store::open; any other connection to a store's file that checks it (PRAGMA integrity_check)
// or writes its customers needs them too.
void register_store_functions(Db& db);

}  // namespace tp
