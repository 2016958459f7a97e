#pragma once
// A remote wipe's local step (docs/operations.md): the terminal forgets every customer it
// cached and every command it queued, payloads (photos, signatures) included.

#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

// Deletes, in one durable transaction, the cached customers, cases, in-tray items,
// interactions, offers and work orders, customer PIN failures and visits, and every outbox row
// and push attempt — except the highest outbox row, kept emptied (no payload, ids or result)
// so the next command's seq stays above every seq the service has recorded. Staff records, the
// token and the terminal's identity stay. Then the WAL is checkpointed and truncated so no
// deleted page stays in it (best effort: another connection's read may hold it). Idempotent.
Status wipe_customer_data(Store& store);

}  // namespace tp
