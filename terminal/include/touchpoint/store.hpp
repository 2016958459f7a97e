#pragma once
// The terminal's local store: one SQLite file holding the cache of the service's entities in the
// terminal's scope, the overlays of its pending commands, and the outbox.
//
// open() checks the file before writing anything to it: a corrupt file, a file that is not a
// Touchpoint database, or one written by a newer version is refused with an error that names
// the file, and the file is left byte-for-byte as it was.

#include <memory>
#include <optional>
#include <string>

#include "touchpoint/error.hpp"
#include "touchpoint/sqlite.hpp"

namespace tp {

class Store {
  public:
    // Opens or creates the store at `path` and migrates it to the latest schema.
    // `migrate_to` < 0 means latest (tests pass an older version to build old files).
    static Result<std::unique_ptr<Store>> open(const std::string& path, int migrate_to = -1);

    Db& db() { return db_; }
    const std::string& path() const { return db_.path(); }
    int schema_version();

    std::optional<std::string> meta(const std::string& key);
    // Writes within the caller's transaction if one is open.
    void set_meta(const std::string& key, const std::string& value);

  private:
    explicit Store(Db db) : db_(std::move(db)) {}
    Db db_;
};

// Registers the SQL functions the schema's triggers use. Called by Store::open.
void register_store_functions(Db& db);

}  // namespace tp
