#include "fleet.hpp"

#include "auth.hpp"

namespace tp::service {

void record_heartbeat(Sql& db, const std::string& terminal_id, const TerminalHealth& h) {
    db.prepare(
          "INSERT INTO terminal_health(terminal_id, received_at, version, queue_depth, "
          "oldest_pending_age_ms, stuck_lanes, last_sync_at, refused, clock_offset_ms, "
          "free_disk_bytes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT(terminal_id) DO UPDATE SET received_at = excluded.received_at, "
          "version = excluded.version, queue_depth = excluded.queue_depth, "
          "oldest_pending_age_ms = excluded.oldest_pending_age_ms, "
          "stuck_lanes = excluded.stuck_lanes, last_sync_at = excluded.last_sync_at, "
          "refused = excluded.refused, clock_offset_ms = excluded.clock_offset_ms, "
          "free_disk_bytes = excluded.free_disk_bytes")
        .bind_all(terminal_id, h.received_at, h.version, h.queue_depth, h.oldest_pending_age_ms,
                  h.stuck_lanes, h.last_sync_at, h.refused, h.clock_offset_ms, h.free_disk_bytes)
        .run();
}

std::vector<TerminalRecord> fleet(Sql& db) {
    auto stmt = db.prepare(
        "SELECT t.id, t.name, t.store_id, t.enrolled_at, COALESCE(r.revoked_at, 0), "
        "COALESCE(w.ordered_at, 0), COALESCE(w.wiped_at, 0), h.received_at, h.version, "
        "h.queue_depth, h.oldest_pending_age_ms, h.stuck_lanes, h.last_sync_at, h.refused, "
        "h.clock_offset_ms, h.free_disk_bytes "
        "FROM terminals t LEFT JOIN revoked_terminals r ON r.terminal_id = t.id "
        "LEFT JOIN terminal_wipes w ON w.terminal_id = t.id "
        "LEFT JOIN terminal_health h ON h.terminal_id = t.id "
        "ORDER BY t.enrolled_at, t.id");
    std::vector<TerminalRecord> out;
    while (stmt.step()) {
        TerminalRecord t{stmt.text(0), stmt.text(1), stmt.text(2), stmt.int64(3),
                         stmt.int64(4), stmt.int64(5), stmt.int64(6), std::nullopt};
        if (!stmt.is_null(7))
            t.health = TerminalHealth{stmt.int64(7),  stmt.text(8),  stmt.int64(9),
                                      stmt.int64(10), stmt.int64(11), stmt.int64(12),
                                      stmt.int64(13), stmt.int64(14), stmt.int64(15)};
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<Millis> order_wipe(Sql& db, const std::string& terminal_id, Millis now) {
    auto known = db.prepare("SELECT 1 FROM terminals WHERE id = ?");
    known.bind(1, terminal_id);
    if (!known.step()) return std::nullopt;
    db.prepare(
          "INSERT INTO terminal_wipes(terminal_id, ordered_at) VALUES(?, ?) "
          "ON CONFLICT DO NOTHING")
        .bind_all(terminal_id, now)
        .run();
    auto when = db.prepare("SELECT ordered_at FROM terminal_wipes WHERE terminal_id = ?");
    when.bind(1, terminal_id);
    when.step();
    return when.int64(0);
}

bool wipe_pending(Sql& db, const std::string& terminal_id) {
    auto stmt = db.prepare("SELECT 1 FROM terminal_wipes WHERE terminal_id = ? AND wiped_at = 0");
    stmt.bind(1, terminal_id);
    return stmt.step();
}

std::optional<Millis> record_wiped(Sql& db, const std::string& terminal_id, Millis now) {
    db.prepare("UPDATE terminal_wipes SET wiped_at = ? WHERE terminal_id = ? AND wiped_at = 0")
        .bind_all(now, terminal_id)
        .run();
    auto when = db.prepare("SELECT wiped_at FROM terminal_wipes WHERE terminal_id = ?");
    when.bind(1, terminal_id);
    if (!when.step()) return std::nullopt;
    const Millis wiped_at = when.int64(0);
    revoke_terminal(db, terminal_id, now);
    return wiped_at;
}

bool is_silent(const TerminalRecord& t, Millis now, std::chrono::milliseconds silent_after) {
    if (t.revoked_at != 0 || t.wiped_at != 0) return false;
    const Millis heard = t.health ? t.health->received_at : t.enrolled_at;
    return now - heard > silent_after.count();
}

}  // namespace tp::service
