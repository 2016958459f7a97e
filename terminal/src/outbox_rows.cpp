#include "outbox_rows.hpp"

#include <optional>

#include "touchpoint/domain_json.hpp"
#include "touchpoint/utf8.hpp"

namespace tp::outbox_rows {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "seq, command_id, action, lane, lane_prev_seq, case_id, customer_id, payload, actor_role, "
    "actor_id, staff_id, device_time, state, attempts, result, answered_at, dismissed, "
    "held_reason, held_at";

std::optional<CommandState> state_from_string(const std::string& s) {
    if (s == "pending") return CommandState::Pending;
    if (s == "confirmed") return CommandState::Confirmed;
    if (s == "refused") return CommandState::Refused;
    if (s == "held") return CommandState::Held;
    return std::nullopt;
}

std::string text_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

CommandResult result_from_json(const json& j) {
    CommandResult r;
    r.status = text_at(j, "status");
    r.code = text_at(j, "code");
    r.reason = text_at(j, "reason");
    r.alternative = text_at(j, "alternative");
    r.alternative_text = text_at(j, "alternative_text");
    r.case_id = text_at(j, "case_id");
    r.case_version = integer_at(j, "case_version");
    r.server_time = integer_at(j, "server_time");
    return r;
}

Row read_row(const Stmt& q) {
    Row row;
    OutboxEntry& e = row.entry;
    auto damaged = [&](const char* why) {
        if (row.damage.empty()) row.damage = why;
    };
    e.seq = q.int64(0);
    e.command_id = q.text(1);
    auto action = action_from_wire(q.text(2));
    if (!action) damaged("unknown action");
    e.action = action.value_or(ActionType::AddNote);
    e.lane = q.text(3);
    e.lane_prev_seq = q.int64(4);
    e.case_id = q.text(5);
    e.customer_id = q.text(6);
    e.payload = json::parse(q.text(7), nullptr, false);
    if (e.payload.is_discarded() || !e.payload.is_object()) {
        damaged("payload is not a JSON object");
        e.payload = json::object();
    } else if (!json_text_is_valid(e.payload)) {
        damaged("payload text is not UTF-8");
    }
    auto role = role_from_string(q.text(8));
    if (!role) damaged("unknown role");
    e.role = role.value_or(Role::Customer);
    e.actor_id = q.text(9);
    e.staff_id = q.text(10);
    for (const std::string* text : {&e.command_id, &e.case_id, &e.customer_id, &e.actor_id,
                                    &e.staff_id, &e.lane})
        if (!is_valid_utf8(*text)) damaged("an id is not UTF-8");
    if (e.command_id.empty()) damaged("no command id");
    e.device_time = q.int64(11);
    auto state = state_from_string(q.text(12));
    if (!state) damaged("unknown state");
    e.state = state.value_or(CommandState::Pending);
    e.attempts = q.integer(13);
    if (!q.is_null(14)) {
        auto r = json::parse(q.text(14), nullptr, false);
        if (r.is_object()) e.result = result_from_json(r);
    }
    e.answered_at = q.int64(15);
    e.dismissed = q.integer(16) != 0;
    e.held_reason = q.text(17);
    e.held_at = q.int64(18);
    return row;
}

}  // namespace

std::vector<Row> select(Db& db, const std::string& where, const std::string& bound) {
    std::vector<Row> out;
    auto q = db.prepare(std::string("SELECT ") + kColumns + " FROM outbox " + where);
    if (!bound.empty()) q.bind(1, bound);
    while (q.step()) out.push_back(read_row(q));
    return out;
}

}  // namespace tp::outbox_rows
