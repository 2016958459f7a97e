#pragma once
// The staff export of a terminal's outbox (`touchpoint outbox export FILE`): every command the
// service has not confirmed, so that what was queued on a disabled terminal is not lost. The
// file is JSON:
//
//   {"format": "touchpoint-outbox-export", "version": 1, "terminal_id", "store_id",
//    "exported_at": ms, "commands": [{<the command as sent, docs/sync-protocol.md §6>,
//    "state": "pending"|"held"|"refused", "held_reason"?, "result"?: {code, reason}}]}
//
// It holds customer data: it is created mode 0600, and never over an existing file.

#include <string>

#include "touchpoint/domain.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp::sync {

// Writes the export to `path` (a new file, written whole or not at all). Returns how many
// commands it holds. InvalidInput when `path` exists or cannot be created; DbIo when the outbox
// cannot be read.
Result<int> export_outbox(Store& store, const std::string& path, Millis now);

}  // namespace tp::sync
