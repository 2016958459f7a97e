#pragma once
// The local store's schema as an ordered list of migrations. Migration i (1-based) takes a
// database from user_version i-1 to i. PRAGMA application_id marks the file as Touchpoint's.

#include "touchpoint/sqlite.hpp"

namespace tp::schema {

constexpr int kApplicationId = 0x54504E54;  // "TPNT"

int latest_version();
// Applies migrations user_version+1 .. target in one transaction each. Requires target <=
// latest_version(). Throws DbException.
void migrate(Db& db, int target);

}  // namespace tp::schema
