#include "touchpoint/queries.hpp"

#include <algorithm>

#include "search_query.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp {
namespace {

using nlohmann::json;

template <typename T>
std::optional<T> parse_as(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    try {
        return j.get<T>();
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::string digits_of(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out.push_back(c);
    return out;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

// Customer with its pending preference changes laid over.
std::optional<Customer> customer_from_row(const Stmt& q, int data_col, int prefs_col) {
    auto c = parse_as<Customer>(q.text(data_col));
    if (!c) return std::nullopt;
    if (!q.is_null(prefs_col)) {
        json prefs = c->preferences;
        prefs.merge_patch(json::parse(q.text(prefs_col), nullptr, false));
        try {
            c->preferences = prefs.get<Preferences>();
        } catch (const json::exception&) {
        }
    }
    return c;
}

// A case made here is provisional until the service confirms it, or refused when it refused it.
void mark_provisional(CaseSummary& s, bool made_here) {
    s.refused = made_here && s.data.status == "refused";
    s.provisional = made_here && !s.refused;
}

bool is_open_status(const std::string& status) {
    return status != "closed" && status != "cancelled" && status != "completed" &&
           status != "resolved";
}

std::vector<CaseSummary> load_case_summaries(Db& db, const std::string& customer_id) {
    std::vector<CaseSummary> out;
    auto q = db.prepare(
        "SELECT c.data, c.requested_action, c.provisional_cmd IS NOT NULL, "
        "  EXISTS(SELECT 1 FROM outbox o WHERE o.state = 'pending' AND "
        "         (o.case_id = c.id OR (o.new_case_id = c.id AND o.new_case_id != ''))) "
        "FROM cases c WHERE c.customer_id = ?");
    q.bind(1, customer_id);
    while (q.step()) {
        auto c = parse_as<Case>(q.text(0));
        if (!c) continue;
        CaseSummary s;
        s.data = std::move(*c);
        s.data.timeline.clear();
        s.requested_action = q.text(1);
        mark_provisional(s, q.integer(2) != 0);
        s.pending = q.integer(3) != 0;
        out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const CaseSummary& a, const CaseSummary& b) {
        const bool ao = is_open_status(a.data.status), bo = is_open_status(b.data.status);
        if (ao != bo) return ao;
        return a.data.id > b.data.id;
    });
    return out;
}

}  // namespace

namespace {

// How many customers each way of matching contributes at most before the hits are ordered.
constexpr int kCandidates = 100;
constexpr std::size_t kMaxIdentifierBytes = 320;

// Typed text that reads as a phone or loyalty number: digits and the marks that space them.
bool number_like(std::string_view s) {
    bool digit = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') digit = true;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/')
            return false;
    }
    return digit;
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

std::vector<CustomerHit> search_customers(Store& store, std::string_view query,
                                          const std::string& store_id, int limit) {
    std::vector<CustomerHit> hits;
    const std::string match = fts_prefix_query(query);
    if (match.empty()) return hits;
    // The whole of what was typed, as the start of an identifier; "\xff" sorts after every
    // byte of UTF-8 text, ":" after every digit.
    std::string typed = trimmed(query);
    if (typed.size() > kMaxIdentifierBytes) typed.clear();
    const std::string lower = ascii_lower(typed);
    const std::string digits = number_like(typed) ? digits_of(typed) : std::string();
    // A number typed in groups ("612 345 6") is matched by its digits as a whole: the word
    // index would have to intersect every group's long list of numbers.
    const bool by_words = digits.empty() || typed.find_first_of(" +-()./") == std::string::npos;
    try {
        // Each branch is a range of one index, or the word index in its own order, and stops
        // after kCandidates customers: the cost does not grow with the cache.
        auto q = store.db().prepare(
            "WITH candidates(rid) AS ("
            "  SELECT rid FROM (SELECT s.rowid AS rid FROM customer_search s "
            "    JOIN customers c ON c.rowid = s.rowid "
            "    WHERE ?8 AND customer_search MATCH ?1 AND (?2 = '' OR c.store_id = ?2) LIMIT ?4) "
            "  UNION ALL SELECT rid FROM (SELECT rowid AS rid FROM customers "
            "    WHERE ?5 != '' AND loyalty >= ?5 COLLATE NOCASE "
            "    AND loyalty < ?5 || x'ff' COLLATE NOCASE "
            "    AND (?2 = '' OR store_id = ?2) LIMIT ?4) "
            "  UNION ALL SELECT rid FROM (SELECT rowid AS rid FROM customers "
            "    WHERE ?6 != '' AND lower(email) >= ?6 AND lower(email) < ?6 || x'ff' "
            "    AND (?2 = '' OR store_id = ?2) LIMIT ?4) "
            "  UNION ALL SELECT rid FROM (SELECT rowid AS rid FROM customers "
            "    WHERE ?7 != '' AND phone != '' AND touchpoint_digits(phone) >= ?7 "
            "    AND touchpoint_digits(phone) < ?7 || ':' AND (?2 = '' OR store_id = ?2) LIMIT ?4) "
            "  UNION ALL SELECT rid FROM (SELECT rowid AS rid FROM customers "
            "    WHERE ?7 != '' AND phone != '' AND substr(touchpoint_digits(phone), -9) >= ?7 "
            "    AND substr(touchpoint_digits(phone), -9) < ?7 || ':' "
            "    AND (?2 = '' OR store_id = ?2) LIMIT ?4) "
            "  UNION ALL SELECT rid FROM (SELECT rowid AS rid FROM customers "
            "    WHERE ?7 != '' AND loyalty != '' AND touchpoint_digits(loyalty) >= ?7 "
            "    AND touchpoint_digits(loyalty) < ?7 || ':' AND (?2 = '' OR store_id = ?2) "
            "    LIMIT ?4)) "
            "SELECT id, name, loyalty, email, phone FROM customers "
            "WHERE rowid IN (SELECT rid FROM candidates) ORDER BY name, id LIMIT ?3");
        q.bind_all(match, store_id, static_cast<std::int64_t>(std::clamp(limit, 1, 200)),
                   static_cast<std::int64_t>(kCandidates), typed, lower, digits, by_words);
        while (q.step()) hits.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    } catch (const DbException& e) {
        store.report_failure("search_customers", e);
        hits.clear();
    }
    return hits;
}

std::optional<Customer> find_customer(Store& store, std::string_view identifier) {
    const std::string id = trimmed(identifier);
    if (id.empty() || id.size() > 320) return std::nullopt;
    const std::string digits = digits_of(id);
    // Each comparison reads its own index (schema migration 6); the first that finds someone
    // answers, in the order loyalty number, e-mail, phone digits.
    static constexpr const char* kLookups[] = {
        "SELECT data, local_prefs FROM customers WHERE loyalty = ?1 COLLATE NOCASE LIMIT 1",
        "SELECT data, local_prefs FROM customers WHERE lower(email) = lower(?1) LIMIT 1",
        "SELECT data, local_prefs FROM customers WHERE phone != '' AND "
        "touchpoint_digits(phone) = ?1 LIMIT 1",
        "SELECT data, local_prefs FROM customers WHERE phone != '' AND "
        "substr(touchpoint_digits(phone), -9) = ?1 LIMIT 1",
    };
    // Digits count as a phone number when there are at least six and they are at least half
    // of what was typed.
    const bool phone_like = digits.size() >= 6 && digits.size() * 2 >= id.size();
    try {
        for (const char* sql : kLookups) {
            const bool by_phone = std::string_view(sql).find("phone") != std::string_view::npos;
            if (by_phone && !phone_like) continue;
            auto q = store.db().prepare(sql);
            q.bind(1, by_phone ? digits : id);
            if (q.step()) return customer_from_row(q, 0, 1);
        }
    } catch (const DbException& e) {
        store.report_failure("find_customer", e);
    }
    return std::nullopt;
}

std::optional<Customer> load_customer(Store& store, const std::string& customer_id) {
    try {
        auto q = store.db().prepare("SELECT data, local_prefs FROM customers WHERE id = ?");
        q.bind(1, customer_id);
        if (q.step()) return customer_from_row(q, 0, 1);
    } catch (const DbException& e) {
        store.report_failure("load_customer", e);
    }
    return std::nullopt;
}

std::optional<CustomerView> load_customer_view(Store& store, const std::string& customer_id,
                                               int journey_limit) {
    try {
        Db& db = store.db();
        auto cq = db.prepare("SELECT data, local_prefs FROM customers WHERE id = ?");
        cq.bind(1, customer_id);
        if (!cq.step()) return std::nullopt;
        auto customer = customer_from_row(cq, 0, 1);
        if (!customer) return std::nullopt;
        CustomerView v;
        v.customer = std::move(*customer);
        v.preferences_pending = !cq.is_null(1);
        v.cases = load_case_summaries(db, customer_id);

        auto iq = db.prepare(
            "SELECT data, local_answer FROM intray WHERE customer_id = ? "
            "ORDER BY due, id");
        iq.bind(1, customer_id);
        while (iq.step()) {
            auto item = parse_as<InTrayItem>(iq.text(0));
            if (!item || !item->answer.empty()) continue;
            v.intray.push_back({std::move(*item), iq.text(1)});
        }

        auto jq = db.prepare(
            "SELECT data FROM interactions WHERE customer_id = ? "
            "ORDER BY at DESC LIMIT ?");
        jq.bind_all(customer_id, static_cast<std::int64_t>(journey_limit));
        while (jq.step())
            if (auto i = parse_as<Interaction>(jq.text(0))) v.journey.push_back(std::move(*i));

        auto oq = db.prepare("SELECT data FROM offers WHERE customer_id = ? ORDER BY id");
        oq.bind(1, customer_id);
        while (oq.step())
            if (auto o = parse_as<Offer>(oq.text(0))) v.offers.push_back(std::move(*o));
        return v;
    } catch (const DbException& e) {
        store.report_failure("load_customer_view", e);
        return std::nullopt;
    }
}

std::optional<std::string_view> foreseen_refusal(ActionType type, const CaseView& view, Millis now) {
    if (auto code = foreseen_refusal(type, view.summary.data, now)) return code;
    if (type != ActionType::StartReturn) return std::nullopt;
    const bool asked = std::any_of(view.own_commands.begin(), view.own_commands.end(), [](const OutboxEntry& e) {
        return e.action == ActionType::StartReturn &&
               (e.state == CommandState::Pending || e.state == CommandState::Confirmed);
    });
    if (asked && view.summary.data.kind == CaseKind::Order) return "return_already_open";
    return std::nullopt;
}

std::optional<CaseView> load_case_view(Store& store, const std::string& case_id) {
    try {
        auto q = store.db().prepare(
            "SELECT data, requested_action, provisional_cmd IS NOT NULL FROM cases WHERE id = ?");
        q.bind(1, case_id);
        if (!q.step()) return std::nullopt;
        auto c = parse_as<Case>(q.text(0));
        if (!c) return std::nullopt;
        CaseView v;
        v.summary.data = std::move(*c);
        v.summary.requested_action = q.text(1);
        mark_provisional(v.summary, q.integer(2) != 0);
        v.own_commands = commands_for_case(store, case_id);
        v.summary.pending =
            std::any_of(v.own_commands.begin(), v.own_commands.end(),
                        [](const OutboxEntry& e) { return e.state == CommandState::Pending; });
        return v;
    } catch (const std::exception& e) {
        store.report_failure("load_case_view", e);
        return std::nullopt;
    }
}

std::vector<WorkOrderView> load_work_orders(Store& store, const std::string& technician_id) {
    std::vector<WorkOrderView> out;
    try {
        auto q = store.db().prepare(
            "SELECT w.data, w.local_progress, coalesce(json_extract(cu.data, '$.name'), ''), "
            "  coalesce(c.reference, ''), "
            "  EXISTS(SELECT 1 FROM outbox o WHERE o.state = 'pending' AND o.case_id = w.case_id), "
            "  coalesce(json_extract(st.data, '$.name'), '') "
            "FROM work_orders w LEFT JOIN cases c ON c.id = w.case_id "
            "LEFT JOIN customers cu ON cu.id = json_extract(w.data, '$.customer_id') "
            "LEFT JOIN staff st ON st.id = w.technician_id "
            "WHERE w.technician_id = ? ORDER BY w.window_start, w.case_id");
        q.bind(1, technician_id);
        while (q.step()) {
            auto wo = parse_as<WorkOrder>(q.text(0));
            if (!wo) continue;
            WorkOrderView v;
            v.order = std::move(*wo);
            if (!q.is_null(1)) {
                auto progress = json::parse(q.text(1), nullptr, false);
                if (progress.is_object()) v.local_progress = std::move(progress);
            }
            v.customer_name = q.text(2);
            v.case_reference = q.text(3);
            v.pending = q.integer(4) != 0;
            v.technician_name = q.text(5);
            out.push_back(std::move(v));
        }
    } catch (const DbException& e) {
        store.report_failure("load_work_orders", e);
        out.clear();
    }
    return out;
}

namespace {

std::optional<Staff> staff_where(Store& store, const char* sql, const std::string& staff_id,
                                 const char* what) {
    try {
        auto q = store.db().prepare(sql);
        q.bind(1, staff_id);
        if (q.step()) return parse_as<Staff>(q.text(0));
    } catch (const DbException& e) {
        store.report_failure(what, e);
    }
    return std::nullopt;
}

}  // namespace

bool rep_can_act_on(ActionType action) {
    return role_may_issue(Role::Rep, action);
}

namespace {

// The refused and held commands not dismissed whose action a rep can act on (or, with
// `actionable` false, cannot), oldest first, with whom and which case they concern.
std::vector<AttentionView> load_refusals(Store& store, bool actionable) {
    std::vector<AttentionView> out;
    for (OutboxEntry& cmd : needs_attention(store)) {
        if (rep_can_act_on(cmd.action) != actionable) continue;
        AttentionView v;
        v.command = std::move(cmd);
        out.push_back(std::move(v));
    }
    try {
        auto q = store.db().prepare(
            "SELECT cu.id, cu.name, coalesce(c.reference, ''), "
            "  coalesce((SELECT json_extract(s.data, '$.name') FROM staff s WHERE s.id = ?3), ''), "
            "  c.data "
            "FROM (SELECT 1) LEFT JOIN cases c ON c.id = ?2 "
            "LEFT JOIN customers cu ON cu.id = coalesce(nullif(?1, ''), c.customer_id)");
        for (AttentionView& v : out) {
            q.reset();
            q.bind(1, v.command.customer_id);
            q.bind(2, v.command.case_id);
            q.bind(3, v.command.staff_id);
            if (!q.step()) continue;
            if (!q.is_null(0)) v.customer_id = q.text(0);
            if (!q.is_null(1)) v.customer_name = q.text(1);
            v.case_reference = q.text(2);
            v.staff_name = q.text(3);
            if (!q.is_null(4))
                if (auto c = parse_as<Case>(q.text(4))) v.case_data = std::move(*c);
        }
    } catch (const DbException& e) {
        store.report_failure("load_refusals", e);  // the commands show without names
    }
    return out;
}

}  // namespace

std::vector<AttentionView> load_needs_attention(Store& store) { return load_refusals(store, true); }

std::vector<AttentionView> load_housekeeping(Store& store) { return load_refusals(store, false); }

std::optional<Staff> load_staff(Store& store, const std::string& staff_id) {
    return staff_where(store, "SELECT data FROM staff WHERE id = ?", staff_id, "load_staff");
}

std::optional<Staff> load_staff_any_case(Store& store, const std::string& staff_id) {
    return staff_where(store, "SELECT data FROM staff WHERE id = ? COLLATE NOCASE", staff_id,
                       "load_staff_any_case");
}

}  // namespace tp
