#pragma once
// Upgrades the PIN verifiers of a database written before verifiers used the KDF (docs/security.md
// "PINs"): each legacy SHA-256 verifier of a customer or staff member is wrapped into the current
// form (crypto.hpp wrap_legacy_pin_hash), same salt, same PIN, and saved so the feed carries it to
// the terminals. Runs at service start, the KDF on every core, in one transaction.

#include "storage/sql.hpp"

namespace tp::service {

// Returns how many verifiers were upgraded (0 once the database is current). Throws StorageError.
int upgrade_legacy_pin_verifiers(Sql& db);

}  // namespace tp::service
