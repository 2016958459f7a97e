#pragma once
// Internal: the optimistic local effects of commands (brief §4.6). Each overlay column records
// the id of the command that set it, so answering that command clears exactly its overlay.

#include "touchpoint/outbox.hpp"
#include "touchpoint/sqlite.hpp"

namespace tp::overlays {

// Writes the local effect of `entry` (within the caller's transaction). Throws
// std::invalid_argument when the payload lacks what the effect needs.
void apply(Db& db, const OutboxEntry& entry);
// Removes every overlay set by `command_id`, and a provisional case it created when
// `drop_provisional_case`. `keep_provisional_mark` leaves the case marked as made here.
void drop(Db& db, const std::string& command_id, bool drop_provisional_case,
          bool keep_provisional_mark = false);
// The service refused `command_id`: its overlays go, but a case it made here stays, with status
// "refused", so the customer sees the refusal where they are; it goes when the refusal is
// dismissed (forget_refused).
void refuse(Db& db, const std::string& command_id);
void forget_refused(Db& db, const std::string& command_id);
// Settles confirmed commands whose effects the cache now shows (see cache.hpp).
void settle_confirmed(Db& db);

}  // namespace tp::overlays
