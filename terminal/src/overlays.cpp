#include "overlays.hpp"

#include <stdexcept>

#include "touchpoint/domain_json.hpp"
#include "touchpoint/utf8.hpp"

namespace tp::overlays {
namespace {

using nlohmann::json;

constexpr std::size_t kTitleExcerptBytes = 60;  // as the service shortens a complaint's subject

std::string required_string(const json& payload, const char* field) {
    auto it = payload.find(field);
    if (it == payload.end() || !it->is_string() || it->get<std::string>().empty())
        throw std::invalid_argument(std::string("missing ") + field);
    return it->get<std::string>();
}

CaseKind new_case_kind(ActionType action, const json& payload) {
    switch (action) {
        case ActionType::StartReturn:
            return CaseKind::Return;
        case ActionType::RequestCallback:
            return CaseKind::Callback;
        default:
            return payload.value("kind", std::string()) == "service_request"
                       ? CaseKind::ServiceRequest
                       : CaseKind::Complaint;
    }
}

// What the provisional case is about, as the service will say it: a return the order's subject,
// a callback its topic, a complaint the start of its text.
std::string provisional_subject(Db& db, const OutboxEntry& e) {
    auto text_of = [&](const char* field) {
        auto it = e.payload.find(field);
        return it != e.payload.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    switch (e.action) {
        case ActionType::StartReturn: {
            auto q = db.prepare_cached("SELECT coalesce(json_extract(data, '$.subject'), '') FROM cases "
                                "WHERE id = ?");
            q.bind(1, e.case_id);
            return q.step() ? q.text(0) : std::string();
        }
        case ActionType::RequestCallback:
            return text_of("topic");
        default: {
            const std::string text = text_of("text");
            std::string out(utf8_prefix(text, kTitleExcerptBytes));
            if (out.size() < text.size()) out += "\u2026";
            return out;
        }
    }
}

void insert_provisional_case(Db& db, const OutboxEntry& e) {
    Case c;
    c.id = required_string(e.payload, "new_case_id");
    c.customer_id = e.customer_id;
    c.kind = new_case_kind(e.action, e.payload);
    c.status = "requested";
    c.subject = provisional_subject(db, e);
    if (auto it = e.payload.find("local_reference"); it != e.payload.end() && it->is_string())
        c.reference = c.local_reference = it->get<std::string>();
    c.origin_channel = Channel::Kiosk;
    json data = c;
    db.prepare_cached(
          "INSERT INTO cases(id, customer_id, kind, status, data, provisional_cmd) "
          "VALUES (?, ?, ?, 'requested', ?, ?) ON CONFLICT(id) DO NOTHING")
        .bind_all(c.id, c.customer_id, std::string(to_string(c.kind)), data.dump(), e.command_id)
        .run();
}

// Merges `patch` into the JSON object stored in `column` of one row.
void merge_json_column(Db& db, const char* select_sql, const char* update_sql,
                       const std::string& id, const json& patch, const std::string& command_id) {
    auto q = db.prepare_cached(select_sql);
    q.bind(1, id);
    if (!q.step()) throw std::invalid_argument("no such record: " + id);
    json merged = q.is_null(0) ? json::object() : json::parse(q.text(0));
    merged.merge_patch(patch);
    db.prepare_cached(update_sql).bind_all(merged.dump(), command_id, id).run();
}

json visit_progress_patch(const OutboxEntry& e) {
    switch (e.action) {
        case ActionType::VisitCheckIn:
            return {{"checked_in", true}};
        case ActionType::VisitStepDone:
            return {{"done", {{required_string(e.payload, "item_id"), e.payload.value("done", true)}}}};
        case ActionType::VisitPartsUsed:
            return {{"parts_used", e.payload.value("parts", json::array())}};
        case ActionType::VisitSignature:
            return {{"signed", true}};
        case ActionType::VisitComplete:
            return {{"completed", true}};
        default:
            return json::object();
    }
}

}  // namespace

void apply(Db& db, const OutboxEntry& e) {
    switch (spec(e.action).effect) {
        case LocalEffect::None:
        case LocalEffect::TimelineOnly:
            return;
        case LocalEffect::NewCase:
            insert_provisional_case(db, e);
            return;
        case LocalEffect::RequestedStatus:
            db.prepare_cached("UPDATE cases SET requested_action = ?, requested_cmd = ? WHERE id = ?")
                .bind_all(std::string(spec(e.action).wire_name), e.command_id, e.case_id)
                .run();
            if (db.changes() == 0) throw std::invalid_argument("no such case: " + e.case_id);
            return;
        case LocalEffect::InTrayAnswered: {
            const auto item = required_string(e.payload, "item_id");
            // The item must belong to the command's case, as the service requires: otherwise a
            // session could lay an answer over another customer's item.
            db.prepare_cached(
                  "UPDATE intray SET local_answer = ?, local_answer_cmd = ? "
                  "WHERE id = ? AND case_id = ?")
                .bind_all(required_string(e.payload, "answer"), e.command_id, item, e.case_id)
                .run();
            if (db.changes() == 0)
                throw std::invalid_argument("no such in-tray item on this case: " + item);
            return;
        }
        case LocalEffect::Preferences:
            merge_json_column(
                db, "SELECT local_prefs FROM customers WHERE id = ?",
                "UPDATE customers SET local_prefs = ?, local_prefs_cmd = ? WHERE id = ?",
                e.customer_id, e.payload, e.command_id);
            return;
        case LocalEffect::VisitProgress:
            merge_json_column(db, "SELECT local_progress FROM work_orders WHERE case_id = ?",
                              "UPDATE work_orders SET local_progress = ?, local_progress_cmd = ? "
                              "WHERE case_id = ?",
                              e.case_id, visit_progress_patch(e), e.command_id);
            return;
    }
}

void refuse(Db& db, const std::string& command_id) {
    db.prepare(
          "UPDATE cases SET status = 'refused', data = json_set(data, '$.status', 'refused') "
          "WHERE provisional_cmd = ? AND version = 0")
        .bind(1, command_id)
        .run();
    drop(db, command_id, false, true);
}

void forget_refused(Db& db, const std::string& command_id) {
    db.prepare("DELETE FROM cases WHERE provisional_cmd = ? AND version = 0 AND status = 'refused'")
        .bind(1, command_id)
        .run();
}

void drop(Db& db, const std::string& command_id, bool drop_provisional_case, bool keep_provisional_mark) {
    // A mark is on the row apply() laid it on, named by the command's outbox row: its case, its
    // in-tray item (payload item_id), its customer, its case's work order.
    struct Clear {
        const char* sql;  // ?1 the command, ?2 the row's key
        int key;          // of the columns read below
    };
    static constexpr Clear kClear[] = {
        {"UPDATE cases SET requested_action = NULL, requested_cmd = NULL "
         "WHERE id = ?2 AND requested_cmd = ?1",
         0},
        {"UPDATE intray SET local_answer = NULL, local_answer_cmd = NULL "
         "WHERE id = ?2 AND local_answer_cmd = ?1",
         2},
        {"UPDATE customers SET local_prefs = NULL, local_prefs_cmd = NULL "
         "WHERE id = ?2 AND local_prefs_cmd = ?1",
         1},
        {"UPDATE work_orders SET local_progress = NULL, local_progress_cmd = NULL "
         "WHERE case_id = ?2 AND local_progress_cmd = ?1",
         0},
    };
    if (drop_provisional_case)
        db.prepare_cached("DELETE FROM cases WHERE provisional_cmd = ? AND version = 0")
            .bind(1, command_id)
            .run();
    if (!keep_provisional_mark)
        db.prepare_cached("UPDATE cases SET provisional_cmd = NULL WHERE provisional_cmd = ?1")
            .bind(1, command_id)
            .run();
    auto row = db.prepare_cached(
        "SELECT case_id, customer_id, CASE WHEN json_valid(payload) THEN "
        "CASE WHEN json_type(payload, '$.item_id') = 'text' "
        "THEN json_extract(payload, '$.item_id') END END FROM outbox WHERE command_id = ?");
    row.bind(1, command_id);
    if (row.step()) {
        const std::string keys[] = {row.text(0), row.text(1), row.text(2)};
        row.reset();
        for (const auto& clear : kClear)
            if (!keys[clear.key].empty())
                db.prepare_cached(clear.sql).bind_all(command_id, keys[clear.key]).run();
    }
    db.prepare_cached("UPDATE outbox SET settled = 1 WHERE command_id = ?")
        .bind(1, command_id)
        .run();
}

void settle_confirmed(Db& db) {
    // A confirmed command on a case settles when the cache holds the case at the version the
    // service reported; one without a case settles at the first page pulled after its answer.
    auto q = db.prepare(
        "SELECT o.command_id FROM outbox o "
        "LEFT JOIN cases c ON c.id = coalesce(nullif(json_extract(o.result, '$.case_id'), ''), "
        "                                     nullif(o.case_id, '')) "
        "WHERE o.state = 'confirmed' AND o.settled = 0 AND ("
        "  c.id IS NULL OR c.version >= coalesce(json_extract(o.result, '$.case_version'), 0))");
    std::vector<std::string> settled;
    while (q.step()) settled.push_back(q.text(0));
    for (const auto& id : settled) drop(db, id, false);
}

}  // namespace tp::overlays
