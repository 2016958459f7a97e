// Lanes that cannot wait for ever: held commands, re-linking after out_of_order or a new
// terminal id, and the stuck lanes the diagnostics screen shows.

#include <map>

#include "outbox_rows.hpp"
#include "overlays.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/outbox.hpp"

namespace tp {
namespace {

struct Link {
    std::int64_t prev = 0;
    std::string state;
};

// seq -> (lane_prev_seq, state) for every row of `lane`.
std::map<std::int64_t, Link> lane_links(Db& db, const std::string& lane) {
    std::map<std::int64_t, Link> links;
    auto q = db.prepare("SELECT seq, lane_prev_seq, state FROM outbox "
                        "WHERE state IN " TP_OUTBOX_STATES " AND lane = ?");
    q.bind(1, lane);
    while (q.step()) links[q.int64(0)] = {q.int64(1), q.text(2)};
    return links;
}

// The predecessor the service can still receive when the link points at `seq`: walks back over
// commands that will never reach the service (held), stops at a pending one; a decided one (or
// one this terminal no longer has) the service already knows or never will under this
// terminal id, so there is none to wait for: 0.
std::int64_t sendable_predecessor(const std::map<std::int64_t, Link>& links, std::int64_t seq) {
    while (seq > 0) {
        auto it = links.find(seq);
        if (it == links.end()) return 0;
        if (it->second.state == "pending") return seq;
        if (it->second.state != "held") return 0;
        seq = it->second.prev;
    }
    return 0;
}

void set_prev(Db& db, std::int64_t seq, std::int64_t prev) {
    db.prepare("UPDATE outbox SET lane_prev_seq = ? WHERE seq = ?").bind_all(prev, seq).run();
}

}  // namespace

Status hold_command(Store& store, const std::string& command_id, const std::string& reason,
                    Millis now) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        db.prepare(
              "UPDATE outbox SET state = 'held', held_reason = ?, held_at = ? "
              "WHERE command_id = ? AND state = 'pending'")
            .bind_all(reason, now, command_id)
            .run();
        if (db.changes() > 0) overlays::drop(db, command_id, true);
        txn.commit();
    } catch (const DbException& e) {
        log::error("outbox", std::string("could not hold a command: ") + e.what());
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    log::warn("outbox", "command " + command_id + " held: " + reason);
    return Ok{};
}

Status release_held(Store& store, const std::string& command_id) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        auto rows = outbox_rows::select(db, "WHERE command_id = ?1 AND state = 'held'", command_id);
        if (rows.empty()) return Error{Errc::NotFound, "error.request_not_held", {}};
        if (!rows.front().damage.empty())
            return Error{Errc::InvalidInput, "error.request_damaged",
                         rows.front().damage};
        OutboxEntry entry = rows.front().entry;
        auto links = lane_links(db, entry.lane);
        db.prepare(
              "UPDATE outbox SET state = 'pending', held_reason = '', held_at = 0, "
              "dismissed = 0 WHERE seq = ?")
            .bind(1, entry.seq)
            .run();
        set_prev(db, entry.seq, sendable_predecessor(links, entry.lane_prev_seq));
        overlays::apply(db, entry);
        txn.commit();
    } catch (const std::invalid_argument& e) {
        return Error{Errc::InvalidInput, "error.request_cannot_send", e.what()};
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    return Ok{};
}

Result<bool> relink_after_out_of_order(Store& store, const std::string& command_id,
                                       std::int64_t missing_seq) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        auto q = db.prepare(
            "SELECT seq, lane, lane_prev_seq FROM outbox WHERE command_id = ? AND state = "
            "'pending'");
        q.bind(1, command_id);
        if (!q.step()) return false;
        const std::int64_t seq = q.int64(0);
        const std::string lane = q.text(1);
        const std::int64_t prev = q.int64(2);
        q.reset();
        // The service lacks `missing_seq`, the link this command was sent with; the link stored
        // now is what counts (it may have been re-linked since).
        const std::int64_t target = sendable_predecessor(lane_links(db, lane), prev);
        if (target == prev) return false;
        set_prev(db, seq, target);
        txn.commit();
        log::warn("outbox", "command " + command_id + ": predecessor " +
                                std::to_string(missing_seq) + " is not coming; now waits for " +
                                (target > 0 ? std::to_string(target) : std::string("none")));
        return true;
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
}

Result<int> relink_for_new_terminal(Store& store) {
    Db& db = store.db();
    int changed = 0;
    try {
        Transaction txn(db, Transaction::Durability::Full);
        std::map<std::string, std::map<std::int64_t, Link>> lanes;
        std::vector<std::pair<std::int64_t, std::string>> pending;  // seq, lane
        {
            auto q = db.prepare("SELECT seq, lane FROM outbox WHERE state = 'pending' ORDER BY seq");
            while (q.step()) pending.emplace_back(q.int64(0), q.text(1));
        }
        for (const auto& [seq, lane] : pending) {
            auto [it, fresh] = lanes.try_emplace(lane);
            if (fresh) it->second = lane_links(db, lane);
            const std::int64_t prev = it->second[seq].prev;
            const std::int64_t target = sendable_predecessor(it->second, prev);
            if (target == prev) continue;
            set_prev(db, seq, target);
            it->second[seq].prev = target;
            ++changed;
        }
        txn.commit();
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    if (changed > 0)
        log::info("outbox", std::to_string(changed) + " queued commands re-linked for a new terminal id");
    return changed;
}

Result<std::vector<StuckLane>> stuck_lanes(Store& store, int min_attempts) {
    std::vector<StuckLane> out;
    try {
        // The head of each lane: a pending command whose predecessor is not pending.
        auto q = store.db().prepare(
            "SELECT o.case_id, o.command_id, o.state, o.attempts, o.device_time, o.held_reason, "
            "  (SELECT a.outcome FROM outbox_attempts a WHERE a.seq = o.seq "
            "   ORDER BY a.rowid DESC LIMIT 1) "
            "FROM outbox o "
            "WHERE (o.state = 'held' AND o.dismissed = 0) OR (o.state = 'pending' AND "
            "  o.attempts >= ? AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.seq = "
            "  o.lane_prev_seq AND p.state = 'pending')) "
            "ORDER BY o.seq LIMIT 50");
        q.bind(1, min_attempts);
        while (q.step()) {
            StuckLane lane;
            lane.case_id = q.text(0);
            lane.command_id = q.text(1);
            lane.state = q.text(2) == "held" ? CommandState::Held : CommandState::Pending;
            lane.attempts = q.integer(3);
            lane.since = q.int64(4);
            lane.why = lane.state == CommandState::Held ? q.text(5)
                                                        : (q.is_null(6) ? "" : q.text(6));
            // A head that was answered last time is moving, not stuck.
            if (lane.state == CommandState::Pending && lane.why == "answered") continue;
            out.push_back(std::move(lane));
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.queue_unreadable", e.what()};
    }
    return out;
}

}  // namespace tp
