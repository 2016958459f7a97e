#pragma once
// How long the terminal keeps customers it has no standing reason to cache (docs/security.md
// "Data at rest on the terminal"). A customer of the terminal's own store is in its scope and
// stays (the kiosk identifies them offline). A customer of another store arrived because this
// terminal served them (or a technician's visit); once they have not been served here for the
// retention time, their cached entities are deleted — unless a command about them is still
// pending or held, or a refused one waits for staff, or a cached work order is theirs.
// scope_removal.hpp removes the same when the feed says a customer left the scope.

#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

constexpr Millis kDefaultCustomerRetention = 14LL * 24 * 3'600'000;

// Records that `customer_id` was served at this terminal at `now` (signed in with their PIN, or
// served by staff). Throws DbException.
void note_customer_served(Db& db, const std::string& customer_id, Millis now);

// Deletes the customers of stores other than `own_store_id` not served since now - retention
// (a customer never noted counts from the first call that sees them), with their cases (and
// their timelines), in-tray items, interactions, offers, work orders, finished commands (photos
// and texts in their payloads) and lapsed PIN failure counts, in one transaction. A finished
// visit (completed or cancelled) of another store's customer older than the retention time is
// deleted first, so it no longer keeps its customer. Returns how many customers were forgotten.
// `retention` <= 0 forgets nothing.
Result<int> forget_unserved_customers(Store& store, const std::string& own_store_id, Millis now,
                                      Millis retention);

}  // namespace tp
