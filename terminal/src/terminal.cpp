#include "touchpoint/terminal.hpp"

#include <algorithm>

#include "touchpoint/command_limits.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/retention.hpp"
#include "local_read.hpp"

namespace tp {
namespace {

using nlohmann::json;

Error invalid(const std::string& key) {
    return Error{Errc::InvalidInput, key, {}};
}

// The key of what a customer reads when the case's own state already rules the action out.
std::string foreseen_key(std::string_view code) {
    if (code == "outside_return_window") return "error.return_window_ended";
    if (code == "not_delivered") return "error.not_delivered_yet";
    if (code == "already_shipped" || code == "already_dispatched") return "error.already_left_warehouse";
    if (code == "already_cancelled" || code == "order_cancelled") return "error.order_cancelled";
    if (code == "case_closed") return "error.case_closed";
    if (code == "return_already_open") return "error.return_already_open";
    return "error.ruled_out";
}


// Checks that a person filled in what an action's form needs; command_input_problem checks the
// texts' form and limits, the service checks again.
std::optional<Error> check_payload(ActionType action, const json& payload) {
    auto filled = [&](const char* field) {
        auto it = payload.find(field);
        return it != payload.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
    };
    switch (action) {
        case ActionType::AddNote:
        case ActionType::VisitNote:
            if (!filled("text")) return invalid("error.note_empty");
            break;
        case ActionType::OpenComplaint:
            if (!filled("text")) return invalid("error.complaint_empty");
            break;
        case ActionType::Feedback: {
            auto it = payload.find("score");
            if (it == payload.end() || !it->is_number_integer() || *it < 0 || *it > 10)
                return invalid("error.score_missing");
            break;
        }
        case ActionType::AnswerInTray:
            if (!filled("item_id") || !filled("answer"))
                return invalid("error.answer_missing");
            break;
        default:
            break;
    }
    return std::nullopt;
}

}  // namespace

Terminal::Terminal(Store& store, const Clock& clock, StatusBoard& board, TerminalConfig config)
    : store_(store),
      clock_(clock),
      board_(board),
      config_(config),
      session_(clock, config.session) {}

bool Terminal::online() const {
    return board_.read().online;
}

void Terminal::choose_language(const std::string& language) {
    session_.scratch().language = language;
    session_.scratch().language_chosen = true;
    session_.touch();
    dirty_ = true;
}

Status Terminal::identify(const std::string& identifier) {
    session_.touch();
    store_.clear_failures();
    auto customer = find_customer(store_, identifier);
    if (!customer)
        return nothing_found(
            store_,
            {Errc::NotFound,
             "identify.not_found",
             {}},
            "error.local_unreadable");
    session_.scratch().identified_customer = customer->id;
    dirty_ = true;
    return Ok{};
}

Status Terminal::serve_customer(const std::string& customer_id) {
    session_.touch();
    const auto& id = session_.identity();
    if (!id || id->role == Role::Customer)
        return Error{Errc::NotAllowed, "error.staff_only", {}};
    store_.clear_failures();
    auto customer = load_customer(store_, customer_id);
    if (!customer)
        return nothing_found(
            store_, {Errc::NotFound, "error.customer_unknown", {}},
            kCannotRead);
    try {
        note_customer_served(store_.db(), customer->id, clock_.now());
    } catch (const DbException& e) {
        log::error("terminal", std::string("visit not noted: ") + e.what());  // serving goes on
    }
    Identity next = *id;
    next.customer_id = customer->id;
    next.customer_name = customer->name;
    session_.sign_in(next);
    record_interaction("session_started", {});
    dirty_ = true;
    return Ok{};
}

void Terminal::release_customer() {
    const auto& id = session_.identity();
    if (!id || id->role == Role::Customer) return;
    record_interaction("session_ended", {});
    Identity next = *id;
    next.customer_id.clear();
    next.customer_name.clear();
    const SessionScratch kept = session_.scratch();
    session_.sign_in(next);
    session_.scratch() = SessionScratch{};
    session_.scratch().language = kept.language;
    session_.scratch().language_chosen = kept.language_chosen;
    dirty_ = true;
}

void Terminal::user_activity() {
    if (session_.phase() == SessionPhase::Warning && session_.identity()) return;
    if (session_.phase() != SessionPhase::Active) dirty_ = true;
    session_.touch();
}
void Terminal::more_time() {
    session_.more_time();
    dirty_ = true;
}

void Terminal::end_session() {
    if (session_.identity() && !session_.identity()->customer_id.empty())
        record_interaction("session_ended", {});
    session_.reset();
    store_.release_memory();
    dirty_ = true;
}

bool Terminal::tick() {
    const auto before = session_.phase();
    const auto identity = session_.identity();
    const bool reset = session_.tick();
    if (reset && identity && !identity->customer_id.empty()) {
        // The session is gone; record its end on the customer it belonged to.
        CommandDraft d;
        d.action = ActionType::Interaction;
        d.customer_id = identity->customer_id;
        d.role = Role::Automatic;
        d.payload = {{"kind", "session_ended"}, {"reason", "idle"}};
        (void)record_command(store_, d, clock_.now());
    }
    if (reset) store_.release_memory();
    if (reset || before != session_.phase()) dirty_ = true;
    return reset;
}

Status Terminal::open_case(const std::string& case_id) {
    session_.touch();
    const auto& id = session_.identity();
    if (!id) return Error{Errc::NotAllowed, "error.identify_first", {}};
    store_.clear_failures();
    auto view = load_case_view(store_, case_id);
    if (!view)
        return nothing_found(
            store_, {Errc::NotFound, "error.case_unknown", {}},
            kCannotRead);
    // A customer session never shows another customer's case.
    if (id->role == Role::Customer && view->summary.data.customer_id != id->customer_id)
        return Error{Errc::NotFound, "error.case_unknown", {}};
    session_.scratch().open_case = case_id;
    record_interaction("case_viewed", case_id);
    dirty_ = true;
    return Ok{};
}

void Terminal::close_case() {
    session_.touch();
    session_.scratch().open_case.clear();
    dirty_ = true;
}

void Terminal::search(const std::string& query) {
    session_.touch();
    session_.scratch().search_query = query;
    dirty_ = true;
}

Result<OutboxEntry> Terminal::issue(ActionType action, const std::string& case_id, json payload) {
    session_.touch();
    const auto& id = session_.identity();
    if (!id) return Error{Errc::NotAllowed, "error.identify_first", {}};
    if (!role_may_issue(id->role, action))
        return Error{Errc::NotAllowed, "error.not_allowed", {}};
    if (!allowed_with_connectivity(action, online()))
        return Error{Errc::OfflineNotAllowed,
                     "error.needs_online",
                     {}};
    if (!payload.is_object()) payload = json::object();
    if (auto bad = check_payload(action, payload)) return *bad;

    CommandDraft d;
    d.action = action;
    d.case_id = case_id;
    d.customer_id = id->customer_id;
    d.payload = std::move(payload);
    d.role = id->role;
    d.actor_id = id->role == Role::Customer ? id->customer_id : id->staff_id;
    d.staff_id = id->staff_id;
    if (auto problem = command_input_problem(d)) return *problem;

    store_.clear_failures();
    if (!case_id.empty()) {
        const Error unknown_case{
            Errc::NotFound, "error.case_unknown", {}};
        if (auto view = load_case_view(store_, case_id)) {
            if (id->role == Role::Customer && view->summary.data.customer_id != id->customer_id)
                return unknown_case;
            d.customer_id = view->summary.data.customer_id;
            if (view->summary.refused)
                return Error{Errc::NotAllowed,
                             "error.case_refused",
                             "refused case"};
            if (auto code = foreseen_refusal(action, *view, clock_.now()))
                return Error{Errc::NotAllowed, foreseen_key(*code), std::string(*code)};
        } else if (store_.failure() || spec(action).needs_case) {
            return nothing_found(store_, unknown_case, kCannotRead);
        }
    }
    if (action == ActionType::UpdatePreferences && !d.payload.contains("base_version")) {
        // The change is made against the version shown; newer changes elsewhere keep theirs.
        if (auto customer = load_customer(store_, d.customer_id))
            d.payload["base_version"] = customer->version;
        else if (store_.failure())
            return Error{Errc::DbIo, kCannotRead, "local read failed: the customer's version"};
    }
    auto recorded = record_command(store_, d, clock_.now());
    dirty_ = true;
    if (recorded && on_command_) on_command_();
    return recorded;
}

Status Terminal::dismiss(const std::string& command_id) {
    session_.touch();
    const auto& id = session_.identity();
    if (!id || id->staff_id.empty())
        return Error{Errc::NotAllowed, "error.staff_only", {}};
    dirty_ = true;
    return dismiss_command(store_, command_id);
}

Result<OutboxEntry> Terminal::take_alternative(const std::string& command_id, json payload) {
    auto refused = find_command(store_, command_id);
    if (!refused || refused->state != CommandState::Refused || !refused->result)
        return Error{Errc::NotFound, "error.request_decided", {}};
    auto alternative = action_from_wire(refused->result->alternative);
    if (!alternative) return Error{Errc::NotFound, "error.no_alternative", {}};
    auto issued = issue(*alternative, refused->case_id, std::move(payload));
    if (issued && !session_.identity()->staff_id.empty()) (void)dismiss_command(store_, command_id);
    return issued;
}

void Terminal::set_online_lookup(OnlineRequest lookup) {
    online_lookup_ = std::move(lookup);
    lookup_generation_ = session_.generation();
    dirty_ = true;
}

void Terminal::record_interaction(const std::string& kind, const std::string& case_id) {
    const auto& id = session_.identity();
    if (!id || id->customer_id.empty()) return;
    CommandDraft d;
    d.action = ActionType::Interaction;
    d.customer_id = id->customer_id;
    d.role = Role::Automatic;
    d.actor_id = id->staff_id;
    d.staff_id = id->staff_id;
    d.payload = {{"kind", kind}};
    if (!case_id.empty()) d.payload["case_id"] = case_id;
    if (record_command(store_, d, clock_.now()) && on_command_) on_command_();
}

const AppSnapshot& Terminal::snapshot() {
    const auto data_version = board_.data_version();
    const auto status_version = board_.status_version();
    if (dirty_ || data_version != seen_data_version_ || status_version != seen_status_version_) {
        seen_data_version_ = data_version;
        seen_status_version_ = status_version;
        rebuild();
        dirty_ = false;
    }
    snapshot_.now = clock_.now();
    snapshot_.phase = session_.phase();
    snapshot_.warning_remaining = session_.warning_remaining();
    return snapshot_;
}

PinLockoutPolicy Terminal::lockout_policy(Millis first_lock) const {
    return PinLockoutPolicy{config_.session.max_pin_attempts, first_lock, config_.max_lockout};
}

void Terminal::rebuild() {
    if (lookup_generation_ != session_.generation()) online_lookup_ = {};  // privacy reset
    AppSnapshot s;
    store_.clear_failures();
    const auto& scratch = session_.scratch();
    s.channel = config_.channel;
    s.session_generation = session_.generation();
    s.language = scratch.language;
    s.configured_language = config_.session.language;
    s.identity = session_.identity();
    s.identified_customer = scratch.identified_customer;
    s.sync = board_.read();
    s.store_id = s.sync.store_id;
    s.outbox = outbox_counts(store_);
    if (s.identity) {
        if (!s.identity->customer_id.empty())
            s.customer = load_customer_view(store_, s.identity->customer_id);
        if (!scratch.open_case.empty()) s.open_case = load_case_view(store_, scratch.open_case);
        if (!s.identity->staff_id.empty()) {
            s.needs_attention = load_needs_attention(store_);
            s.housekeeping = load_housekeeping(store_);
            if (auto stuck = stuck_lanes(store_))
                s.stuck_lanes = std::move(*stuck);
            else
                store_.report_failure("stuck lanes", std::runtime_error(stuck.error().detail));
            s.search_query = scratch.search_query;
            s.search_results = search_customers(store_, scratch.search_query, s.store_id);
            if (lookup_generation_ == session_.generation()) s.online_lookup = online_lookup_;
        }
        if (s.identity->role == Role::Technician)
            s.work_orders = load_work_orders(store_, s.identity->staff_id);
    }
    s.local_failure = store_.failure();
    snapshot_ = std::move(s);
}

}  // namespace tp
