#include "touchpoint/outbox_retention.hpp"

#include "touchpoint/log.hpp"

namespace tp {
namespace {

// Runs `step`, which changes at most `chunk` rows and says how many, each time in a transaction
// of its own, until it changes fewer. Returns how many it changed in all.
template <typename Step>
int in_chunks(Db& db, int chunk, Step step) {
    int total = 0;
    for (;;) {
        Transaction txn(db);
        const int changed = step();
        txn.commit();
        total += changed;
        if (changed < chunk) return total;
    }
}

}  // namespace

void keep_seq_high_water(Db& db) {
    db.prepare_cached(
          "INSERT INTO meta(key, value) SELECT 'outbox_seq_high', seq FROM outbox "
          "WHERE seq = (SELECT max(seq) FROM outbox) "
          "ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), "
          "CAST(excluded.value AS INTEGER))")
        .run();
}

void count_pruned(Db& db, int n) {
    if (n <= 0) return;
    db.prepare_cached(
          "INSERT INTO meta(key, value) VALUES('outbox_pruned', ?1) "
          "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?1")
        .bind(1, n)
        .run();
}

Result<PrunedCounts> prune_outbox(Store& store, Millis now, const OutboxRetention& retention,
                                  int chunk) {
    PrunedCounts counts;
    Db& db = store.db();
    if (chunk < 1) chunk = 1;
    try {
        // Photos first: through outbox_confirmed_photos, which holds only confirmed photos.
        counts.photos = in_chunks(db, chunk, [&] {
            db.prepare_cached(
                  "UPDATE outbox SET payload = json_remove(payload, '$.bytes_base64') "
                  "WHERE seq IN (SELECT seq FROM outbox WHERE action = 'visit_photo' AND "
                  "  state = 'confirmed' AND answered_at <= ?1 AND json_valid(payload) AND "
                  "  json_type(payload, '$.bytes_base64') IS NOT NULL LIMIT ?2)")
                .bind_all(now - retention.confirmed_photo_bytes, chunk)
                .run();
            return db.changes();
        });
        if (retention.answered_commands > 0)
            counts.commands = in_chunks(db, chunk, [&] {
                keep_seq_high_water(db);
                db.prepare_cached(
                      "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE "
                      "  ((state = 'confirmed' AND settled = 1) OR "
                      "   (state = 'refused' AND dismissed = 1)) AND "
                      "  answered_at > 0 AND answered_at <= ?1 ORDER BY seq LIMIT ?2)")
                    .bind_all(now - retention.answered_commands, chunk)
                    .run();
                const int changed = db.changes();
                count_pruned(db, changed);
                return changed;
            });
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    if (counts.photos > 0 || counts.commands > 0)
        log::info("outbox", "pruned: " + std::to_string(counts.photos) + " confirmed photos' bytes, " +
                                std::to_string(counts.commands) + " answered commands");
    return counts;
}

AnsweredHistory answered_history(Store& store) {
    AnsweredHistory h;
    try {
        auto q = store.db().prepare(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'confirmed'), "
            "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'outbox_pruned'), 0), "
            "max(coalesce((SELECT max(seq) FROM outbox), 0), "
            "    coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'outbox_seq_high'), 0))");
        if (q.step()) {
            h.confirmed = q.integer(0);
            h.pruned = q.int64(1);
            h.seq_high = q.int64(2);
        }
    } catch (const DbException& e) {
        store.report_failure("outbox history", e);
    }
    return h;
}

}  // namespace tp
