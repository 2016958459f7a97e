#include "touchpoint/outbox.hpp"

#include <algorithm>
#include <stdexcept>

#include "overlays.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "seq, command_id, action, lane, lane_prev_seq, case_id, customer_id, payload, actor_role, "
    "actor_id, staff_id, device_time, state, attempts, result, answered_at, dismissed";

std::optional<CommandState> state_from_string(const std::string& s) {
    if (s == "pending") return CommandState::Pending;
    if (s == "confirmed") return CommandState::Confirmed;
    if (s == "refused") return CommandState::Refused;
    return std::nullopt;
}

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

CommandResult result_from_json(const json& j) {
    CommandResult r;
    r.status = j.value("status", std::string());
    r.code = j.value("code", std::string());
    r.reason = j.value("reason", std::string());
    r.alternative = j.value("alternative", std::string());
    r.alternative_text = j.value("alternative_text", std::string());
    r.case_id = j.value("case_id", std::string());
    r.case_version = j.value("case_version", std::int64_t{0});
    r.server_time = j.value("server_time", Millis{0});
    return r;
}

OutboxEntry read_entry(const Stmt& q) {
    OutboxEntry e;
    e.seq = q.int64(0);
    e.command_id = q.text(1);
    e.action = action_from_wire(q.text(2)).value_or(ActionType::AddNote);
    e.lane = q.text(3);
    e.lane_prev_seq = q.int64(4);
    e.case_id = q.text(5);
    e.customer_id = q.text(6);
    e.payload = json::parse(q.text(7), nullptr, false);
    e.role = role_from_string(q.text(8)).value_or(Role::Customer);
    e.actor_id = q.text(9);
    e.staff_id = q.text(10);
    e.device_time = q.int64(11);
    e.state = state_from_string(q.text(12)).value_or(CommandState::Pending);
    e.attempts = q.integer(13);
    if (!q.is_null(14)) {
        auto r = json::parse(q.text(14), nullptr, false);
        if (r.is_object()) e.result = result_from_json(r);
    }
    e.answered_at = q.int64(15);
    e.dismissed = q.integer(16) != 0;
    return e;
}

std::vector<OutboxEntry> select_entries(Store& store, const std::string& where,
                                        const std::string& bound = {}) {
    std::vector<OutboxEntry> out;
    try {
        auto q = store.db().prepare(std::string("SELECT ") + kColumns + " FROM outbox " + where);
        if (!bound.empty()) q.bind(1, bound);
        while (q.step()) out.push_back(read_entry(q));
    } catch (const DbException&) {
        out.clear();
    }
    return out;
}

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
    }
    return "pending";
}

Result<OutboxEntry> record_command(Store& store, const CommandDraft& draft, Millis device_time) {
    const auto& action = spec(draft.action);
    if (!draft.payload.is_object())
        return Error{Errc::InvalidInput, "This request is incomplete.", "payload is not an object"};
    if (action.needs_case && draft.case_id.empty())
        return Error{Errc::InvalidInput, "This request is incomplete.", "case_id missing"};

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
        auto prev = db.prepare("SELECT coalesce(max(seq), 0) FROM outbox WHERE lane = ?");
        prev.bind(1, e.lane);
        prev.step();
        e.lane_prev_seq = prev.int64(0);
        // A command on a case this terminal created must not overtake the creating command.
        auto creator = db.prepare(
            "SELECT coalesce(max(seq), 0) FROM outbox WHERE json_extract(payload, '$.new_case_id') = ?");
        creator.bind(1, e.case_id);
        creator.step();
        e.lane_prev_seq = std::max(e.lane_prev_seq, creator.int64(0));
        db.prepare(
              "INSERT INTO outbox(command_id, action, lane, lane_prev_seq, case_id, "
              "customer_id, payload, actor_role, actor_id, staff_id, device_time) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all(e.command_id, std::string(action.wire_name), e.lane, e.lane_prev_seq,
                      e.case_id, e.customer_id, e.payload.dump(), std::string(to_string(e.role)),
                      e.actor_id, e.staff_id, e.device_time)
            .run();
        e.seq = db.last_insert_rowid();
        overlays::apply(db, e);
        txn.commit();
    } catch (const std::invalid_argument& ex) {
        return Error{Errc::InvalidInput,
                     "This request refers to something this terminal does not have.", ex.what()};
    } catch (const DbException& ex) {
        return Error{Errc::DbIo,
                     "This action could not be saved on this terminal. Please try again.",
                     ex.what()};
    }
    return e;
}

std::vector<OutboxEntry> next_batch(Store& store, std::size_t max) {
    // Pending rows are a prefix of each lane's history, so seq order is lane order.
    auto rows =
        select_entries(store, "WHERE state = 'pending' ORDER BY seq LIMIT " + std::to_string(max));
    return rows;
}

Status record_results(Store& store,
                      const std::vector<std::pair<std::string, CommandResult>>& results,
                      Millis now) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        for (const auto& [command_id, result] : results) {
            const bool refused = result.status == "refused";
            db.prepare(
                  "UPDATE outbox SET state = ?, result = ?, answered_at = ? "
                  "WHERE command_id = ? AND state = 'pending'")
                .bind_all(std::string(refused ? "refused" : "confirmed"),
                          result_to_json(result).dump(), now, command_id)
                .run();
            if (db.changes() > 0 && refused) overlays::drop(db, command_id, true);
        }
        txn.commit();
    } catch (const DbException& ex) {
        return Error{Errc::DbIo, "The local database could not be updated.", ex.what()};
    }
    return Ok{};
}

Status note_attempts(Store& store, const std::vector<std::int64_t>& seqs,
                     const std::string& outcome, Millis now) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        for (auto seq : seqs) {
            db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?")
                .bind(1, seq)
                .run();
            db.prepare("INSERT INTO outbox_attempts(seq, at, outcome) VALUES (?, ?, ?)")
                .bind_all(seq, now, outcome)
                .run();
        }
        txn.commit();
    } catch (const DbException& ex) {
        return Error{Errc::DbIo, "The local database could not be updated.", ex.what()};
    }
    return Ok{};
}

OutboxCounts outbox_counts(Store& store) {
    OutboxCounts c;
    try {
        auto q = store.db().prepare(
            "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
            "(SELECT count(*) FROM outbox WHERE state = 'refused' AND dismissed = 0), "
            "(SELECT coalesce(min(device_time), 0) FROM outbox WHERE state = 'pending')");
        if (q.step()) {
            c.pending = q.integer(0);
            c.refused = q.integer(1);
            c.oldest_pending = q.int64(2);
        }
    } catch (const DbException&) {
    }
    return c;
}

std::vector<OutboxEntry> needs_attention(Store& store) {
    return select_entries(store, "WHERE state = 'refused' AND dismissed = 0 ORDER BY seq");
}

std::vector<OutboxEntry> commands_for_case(Store& store, const std::string& case_id) {
    return select_entries(
        store, "WHERE case_id = ?1 OR json_extract(payload, '$.new_case_id') = ?1 ORDER BY seq",
        case_id);
}

std::optional<OutboxEntry> find_command(Store& store, const std::string& command_id) {
    auto rows = select_entries(store, "WHERE command_id = ?", command_id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

Status dismiss_command(Store& store, const std::string& command_id) {
    try {
        store.db()
            .prepare("UPDATE outbox SET dismissed = 1 WHERE command_id = ? AND state = 'refused'")
            .bind(1, command_id)
            .run();
    } catch (const DbException& ex) {
        return Error{Errc::DbIo, "The local database could not be updated.", ex.what()};
    }
    return Ok{};
}

}  // namespace tp
