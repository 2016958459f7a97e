#pragma once
// The service's schema as numbered migrations, one SQL text per engine. At start every migration
// the database lacks is applied in order, each in its own transaction together with its row in
// `schema_migrations`, so a crash leaves the database at a whole version. A database whose
// version is newer than this program's is refused before anything is read or written.

#include <stdexcept>
#include <string>

#include "storage/sql.hpp"

namespace tp::service::storage {

// The version this program's schema ends at.
int latest_schema_version();

// The database's version: 0 for an empty database.
int schema_version(Sql& db);

class SchemaTooNew : public std::runtime_error {
  public:
    SchemaTooNew(int found, int known)
        : std::runtime_error("the database has schema version " + std::to_string(found) +
                             "; this program knows up to version " + std::to_string(known)),
          found_(found), known_(known) {}
    int found() const { return found_; }
    int known() const { return known_; }

  private:
    int found_, known_;
};

// Brings the database to latest_schema_version(). Returns how many migrations were applied.
// Throws SchemaTooNew (nothing changed) or StorageError.
int migrate(Sql& db);

}  // namespace tp::service::storage
