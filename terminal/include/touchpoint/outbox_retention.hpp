#pragma once
// How long the outbox keeps what the service has answered, so that the terminal's database stays
// bounded (docs/security.md "Data at rest on the terminal", "What the terminal keeps").
//
// Kept for ever (until answered and no longer needed): pending commands, held commands, and
// refused commands staff have not dismissed. Pruned:
//   - the bytes of a confirmed photo (visit_photo's bytes_base64) once `confirmed_photo_bytes`
//     has passed since the confirmation: the service holds the photo; the command keeps its file
//     name and SHA-256, and the row stays until its own time;
//   - whole rows of answered commands nobody needs any more — confirmed and settled (the cache
//     holds the case at the version the service reported, so its event is on the cached
//     timeline), or refused and dismissed — once `answered_commands` has passed since the answer.
//
// Sequence numbers: record_command gives max(seq, high-water mark) + 1, and every deletion of
// outbox rows first raises the high-water mark (meta `outbox_seq_high`) to the highest seq in the
// outbox, so a seq the service has recorded is never given again.

#include <cstdint>

#include "touchpoint/clock.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

constexpr Millis kDefaultAnsweredCommandRetention = 30LL * 24 * 3'600'000;

struct OutboxRetention {
    // Answered commands nobody needs are deleted this long after the answer; 0 keeps them.
    Millis answered_commands = kDefaultAnsweredCommandRetention;
    // A confirmed photo's bytes are dropped this long after the confirmation (0: at the first
    // pruning after it).
    Millis confirmed_photo_bytes = 0;
};

struct PrunedCounts {
    int photos = 0;    // confirmed photos whose bytes were dropped
    int commands = 0;  // answered commands deleted
};

// Prunes as above, in transactions of at most `chunk` rows each (the UI's connection writes in
// between). Throws nothing.
Result<PrunedCounts> prune_outbox(Store& store, Millis now, const OutboxRetention& retention,
                                  int chunk = 200);

// What is left of the outbox's past, for the status CLI and diagnostics.
struct AnsweredHistory {
    int confirmed = 0;          // confirmed commands still kept
    std::int64_t pruned = 0;    // answered commands deleted so far (retention or forgetting)
    std::int64_t seq_high = 0;  // the highest seq ever given (kept or pruned)
};
// A database failure is reported through the store and gives zeros.
AnsweredHistory answered_history(Store& store);

// Raises the high-water mark to the outbox's highest seq. Call in the transaction that deletes
// outbox rows, before deleting them. Throws DbException.
void keep_seq_high_water(Db& db);
// Adds `n` to the count of pruned commands answered_history reports. Throws DbException.
void count_pruned(Db& db, int n);

}  // namespace tp
