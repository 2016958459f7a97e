#include "touchpoint/outbox.hpp"

#include <algorithm>
#include <stdexcept>

#include "outbox_rows.hpp"
#include "overlays.hpp"
#include "touchpoint/command_limits.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/local_reference.hpp"
#include "touchpoint/log.hpp"

namespace tp {
namespace {

using nlohmann::json;

json result_to_json(const CommandResult& r) {
    return {{"status", r.status},
            {"code", r.code},
            {"reason", r.reason},
            {"alternative", r.alternative},
            {"alternative_text", r.alternative_text},
            {"case_id", r.case_id},
            {"case_version", r.case_version},
            {"server_time", r.server_time}};
}

std::vector<OutboxEntry> select_entries(Store& store, const char* where,
                                        const std::string& bound = {}) {
    std::vector<OutboxEntry> out;
    try {
        for (auto& row : outbox_rows::select(store.db(), where, bound))
            out.push_back(std::move(row.entry));
    } catch (const DbException& e) {
        store.report_failure("outbox read", e);
        out.clear();
    }
    return out;
}

// The case a command creates (its payload's new_case_id), kept in the outbox's column of that
// name so enqueue and the case views find a created case's commands by index.
std::string created_case_id(const json& payload) {
    auto it = payload.find("new_case_id");
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A case's lane is "case:" + its case_id, and no other lane's commands have a case_id.
std::string lane_of(const CommandDraft& d) {
    if (!d.case_id.empty()) return "case:" + d.case_id;
    if (!d.customer_id.empty()) return "customer:" + d.customer_id;
    return "terminal";
}

}  // namespace

const char* to_string(CommandState s) {
    switch (s) {
        case CommandState::Pending:
            return "pending";
        case CommandState::Confirmed:
            return "confirmed";
        case CommandState::Refused:
            return "refused";
        case CommandState::Held:
            return "held";
    }
    return "pending";
}

namespace {
// The next reference of a case made here (local_reference.hpp), counted in the caller's
// transaction so no two commands ever get the same one.
std::string next_local_reference(Store& store) {
    const auto last = store.meta("local_reference_seq");
    const long long n = last ? std::stoll(*last) + 1 : 1;
    store.set_meta("local_reference_seq", std::to_string(n));
    // Not enrolled yet (no store, no terminal id): "K-0-n", still unique on this terminal.
    const std::string store_id = store.meta("store_id").value_or("");
    const std::string terminal_id = store.meta("terminal_id").value_or("");
    return local_reference_prefix(store_id.empty() ? "K" : store_id,
                                  terminal_id.empty() ? "0" : terminal_id) +
           std::to_string(n);
}
}  // namespace

Result<OutboxEntry> record_command(Store& store, const CommandDraft& draft, Millis device_time) {
    const auto& action = spec(draft.action);
    if (!draft.payload.is_object())
        return Error{Errc::InvalidInput, "error.request_incomplete", "payload is not an object"};
    if (action.needs_case && draft.case_id.empty())
        return Error{Errc::InvalidInput, "error.request_incomplete", "case_id missing"};
    if (auto problem = command_input_problem(draft))
        return *problem;

    OutboxEntry e;
    e.command_id = new_uuid();
    e.action = draft.action;
    e.lane = lane_of(draft);
    e.case_id = draft.case_id;
    e.customer_id = draft.customer_id;
    e.payload = draft.payload;
    if (action.effect == LocalEffect::NewCase && !e.payload.contains("new_case_id"))
        e.payload["new_case_id"] = "K-" + new_uuid();
    e.role = draft.role;
    e.actor_id = draft.actor_id;
    e.staff_id = draft.staff_id;
    e.device_time = device_time;

    Db& db = store.db();
    try {
        Transaction txn(db, Transaction::Durability::Full);
        // The lane's last command in any state (TP_OUTBOX_STATES, one by one): one seek of
        // outbox_state per state.
        auto prev = db.prepare_cached(
            "SELECT max("
            "coalesce((SELECT max(seq) FROM outbox WHERE state = 'pending' AND lane = ?1), 0), "
            "coalesce((SELECT max(seq) FROM outbox WHERE state = 'held' AND lane = ?1), 0), "
            "coalesce((SELECT max(seq) FROM outbox WHERE state = 'confirmed' AND lane = ?1), 0), "
            "coalesce((SELECT max(seq) FROM outbox WHERE state = 'refused' AND lane = ?1), 0))");
        prev.bind(1, e.lane);
        prev.step();
        e.lane_prev_seq = prev.int64(0);
        // A command on a case this terminal created must not overtake the creating command.
        if (!e.case_id.empty()) {
            auto creator = db.prepare_cached(
                "SELECT coalesce(max(seq), 0) FROM outbox WHERE new_case_id = ? AND "
                "new_case_id != ''");
            creator.bind(1, e.case_id);
            creator.step();
            e.lane_prev_seq = std::max(e.lane_prev_seq, creator.int64(0));
        }
        if (action.effect == LocalEffect::NewCase && !e.payload.contains("local_reference"))
            e.payload["local_reference"] = next_local_reference(store);
        // One more than any seq ever given: the highest kept, or the high-water mark pruning
        // leaves (outbox_retention.hpp).
        db.prepare_cached(
              "INSERT INTO outbox(seq, command_id, action, lane, lane_prev_seq, case_id, "
              "customer_id, payload, actor_role, actor_id, staff_id, device_time, new_case_id) "
              "VALUES (1 + max(coalesce((SELECT max(seq) FROM outbox), 0), "
              "  coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'outbox_seq_high'), 0)), "
              "  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all(e.command_id, std::string(action.wire_name), e.lane, e.lane_prev_seq,
                      e.case_id, e.customer_id, e.payload.dump(), std::string(to_string(e.role)),
                      e.actor_id, e.staff_id, e.device_time, created_case_id(e.payload))
            .run();
        e.seq = db.last_insert_rowid();
        overlays::apply(db, e);
        txn.commit();
    } catch (const std::invalid_argument& ex) {
        return Error{Errc::InvalidInput,
                     "error.request_unknown_reference", ex.what()};
    } catch (const DbException& ex) {
        return Error{Errc::DbIo,
                     "error.storage",
                     ex.what()};
    }
    return e;
}

Result<std::vector<OutboxEntry>> next_batch(Store& store, std::size_t max,
                                            const std::set<std::string>& skip_lanes) {
    // Pending rows are a prefix of each lane's history, so seq order is lane order.
    const std::string where =
        std::string("WHERE state = 'pending'") +
        (skip_lanes.empty() ? "" : " AND lane NOT IN (SELECT value FROM json_each(?1))") +
        " ORDER BY seq LIMIT " + std::to_string(max);
    const std::string skipped = skip_lanes.empty() ? "" : json(skip_lanes).dump();
    for (;;) {
        std::vector<outbox_rows::Row> rows;
        try {
            rows = outbox_rows::select(store.db(), where, skipped);
        } catch (const DbException& e) {
            return Error{Errc::DbIo, "error.queue_unreadable", e.what()};
        }
        std::vector<OutboxEntry> batch;
        bool held = false;
        for (auto& row : rows) {
            if (row.damage.empty()) {
                batch.push_back(std::move(row.entry));
                continue;
            }
            log::error("outbox", "command seq " + std::to_string(row.entry.seq) +
                                     " is damaged and was held: " + row.damage);
            auto hold = hold_command(store, row.entry.command_id,
                                     "error.request_damaged",
                                     row.entry.device_time);
            if (!hold) return hold.error();
            held = true;
        }
        if (!held) return batch;  // else read again: the held rows freed their places
    }
}

Status record_results(Store& store,
                      const std::vector<std::pair<std::string, CommandResult>>& results,
                      Millis now) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        auto answer = db.prepare(
            "UPDATE outbox SET state = ?, result = ?, answered_at = ? "
            "WHERE command_id = ? AND state = 'pending'");
        auto count = db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE command_id = ?");
        auto note = db.prepare(
            "INSERT INTO outbox_attempts(seq, at, outcome) "
            "SELECT seq, ?, 'answered' FROM outbox WHERE command_id = ?");
        for (const auto& [command_id, result] : results) {
            const bool refused = result.status == "refused";
            answer.reset();
            answer.bind_all(std::string(refused ? "refused" : "confirmed"),
                            result_to_json(result).dump(), now, command_id)
                .run();
            if (db.changes() > 0 && refused) overlays::refuse(db, command_id);
            count.reset();
            count.bind(1, command_id).run();
            note.reset();
            note.bind_all(now, command_id).run();
        }
        txn.commit();
    } catch (const DbException& ex) {
        log::error("outbox", std::string("answers not recorded: ") + ex.what());
        return Error{Errc::DbIo, "error.storage", ex.what()};
    }
    return Ok{};
}

Status note_attempts(Store& store, const std::vector<std::int64_t>& seqs,
                     const std::string& outcome, Millis now) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        auto count = db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?");
        auto note = db.prepare("INSERT INTO outbox_attempts(seq, at, outcome) VALUES (?, ?, ?)");
        for (auto seq : seqs) {
            count.reset();
            count.bind(1, seq).run();
            note.reset();
            note.bind_all(seq, now, outcome).run();
        }
        txn.commit();
    } catch (const DbException& ex) {
        return Error{Errc::DbIo, "error.storage", ex.what()};
    }
    return Ok{};
}

OutboxCounts outbox_counts(Store& store) {
    OutboxCounts c;
    try {
        auto q = store.db().prepare(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
            "(SELECT count(*) FROM outbox WHERE state = 'refused' AND dismissed = 0), "
            "(SELECT coalesce(min(device_time), 0) FROM outbox WHERE state = 'pending'), "
            "(SELECT count(*) FROM outbox WHERE state = 'held' AND dismissed = 0)");
        if (q.step()) {
            c.pending = q.integer(0);
            c.refused = q.integer(1);
            c.oldest_pending = q.int64(2);
            c.held = q.integer(3);
        }
    } catch (const DbException& e) {
        store.report_failure("outbox counts", e);
    }
    return c;
}

std::vector<OutboxEntry> needs_attention(Store& store) {
    return select_entries(store,
                          "WHERE state IN ('refused', 'held') AND dismissed = 0 ORDER BY seq");
}

std::vector<OutboxEntry> unconfirmed_commands(Store& store) {
    return select_entries(store, "WHERE state != 'confirmed' ORDER BY seq");
}

std::vector<OutboxEntry> commands_for_case(Store& store, const std::string& case_id) {
    return select_entries(store,
                          "WHERE (state IN " TP_OUTBOX_STATES " AND lane = 'case:' || ?1) OR "
                          "(new_case_id = ?1 AND new_case_id != '') ORDER BY seq",
                          case_id);
}

std::optional<OutboxEntry> find_command(Store& store, const std::string& command_id) {
    auto rows = select_entries(store, "WHERE command_id = ?1", command_id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

Status dismiss_command(Store& store, const std::string& command_id) {
    try {
        Transaction txn(store.db());
        store.db()
            .prepare(
                "UPDATE outbox SET dismissed = 1 WHERE command_id = ? AND state IN ('refused', "
                "'held')")
            .bind(1, command_id)
            .run();
        overlays::forget_refused(store.db(), command_id);
        txn.commit();
    } catch (const DbException& ex) {
        return Error{Errc::DbIo, "error.storage", ex.what()};
    }
    return Ok{};
}

}  // namespace tp
