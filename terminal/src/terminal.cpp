#include "touchpoint/terminal.hpp"

#include "touchpoint/command_limits.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/retention.hpp"

namespace tp {
namespace {

using nlohmann::json;

Error invalid(const std::string& message) {
    return Error{Errc::InvalidInput, message, {}};
}

// The answer when a read through `store` found nothing: `not_found`, unless the store reported a
// database failure since its last clear_failures(); then DbIo with `unreadable`.
Error nothing_found(const Store& store, Error not_found, const std::string& unreadable) {
    if (!store.failure()) return not_found;
    return Error{Errc::DbIo, unreadable, "local read failed: " + not_found.message};
}

// The languages the terminal's screens speak (domain.hpp: a customer's preference is one of them).
bool is_terminal_language(const std::string& language) {
    return language == "en" || language == "es" || language == "fr" || language == "de";
}

// What a customer reads when the case's own state already rules the action out.
std::string foreseen_message(std::string_view code) {
    if (code == "outside_return_window")
        return "The return period for this order has ended. A member of staff can help.";
    if (code == "not_delivered") return "This order has not been delivered yet, so it cannot be returned yet.";
    if (code == "already_shipped" || code == "already_dispatched")
        return "This order has already left the warehouse, so this can no longer be changed.";
    if (code == "already_cancelled" || code == "order_cancelled") return "This order was cancelled.";
    if (code == "case_closed") return "This case is closed.";
    if (code == "return_already_open") return "A return of this order has already been started.";
    return "This cannot be done for this case.";
}

const std::string kCannotRead =
    "This terminal cannot read its own data right now. Please ask a member of staff.";

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
            if (!filled("text")) return invalid("Please write a note first.");
            break;
        case ActionType::OpenComplaint:
            if (!filled("text")) return invalid("Please tell us what went wrong.");
            break;
        case ActionType::Feedback: {
            auto it = payload.find("score");
            if (it == payload.end() || !it->is_number_integer() || *it < 0 || *it > 10)
                return invalid("Please choose a score from 0 to 10.");
            break;
        }
        case ActionType::AnswerInTray:
            if (!filled("item_id") || !filled("answer"))
                return invalid("Please choose an answer first.");
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
             "We could not find you. Check what you typed, or ask a member of staff.",
             {}},
            "We cannot look you up right now. Please ask a member of staff.");
    session_.scratch().identified_customer = customer->id;
    dirty_ = true;
    return Ok{};
}

Status Terminal::verify_pin(const std::string& pin) {
    session_.touch();
    auto& scratch = session_.scratch();
    store_.clear_failures();
    auto customer = load_customer(store_, scratch.identified_customer);
    if (!customer)
        return nothing_found(store_, {Errc::NotFound, "Please identify yourself first.", {}},
                             kCannotRead);
    const Error locked{
        Errc::Locked, "Too many wrong PINs. Please ask a member of staff for help.", {}};
    try {
        const PinTry attempt =
            reserve_pin_try(store_.db(), PinSubject::Customer, customer->id, clock_.now(),
                            lockout_policy(config_.customer_lockout));
        if (attempt.locked) {
            end_session();
            return locked;
        }
        if (pin_matches(customer->pin_salt, customer->pin_hash, pin)) {
            forget_pin_failures(store_.db(), PinSubject::Customer, customer->id);
            note_customer_served(store_.db(), customer->id, clock_.now());
            session_.sign_in(Identity{Role::Customer, customer->id, customer->name, {}, {}});
            scratch.identified_customer.clear();
            // A language chosen in this session wins; only when nobody chose one does the
            // session speak the customer's preferred language from here on (they can still
            // choose another). A preference outside the terminal's languages changes nothing.
            if (!scratch.language_chosen && is_terminal_language(customer->preferences.language))
                scratch.language = customer->preferences.language;
            record_interaction("session_started", {});
            dirty_ = true;
            return Ok{};
        }
        if (attempt.locks_on_fail) {
            end_session();
            return locked;
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "The PIN cannot be checked right now. Please ask a member of staff.",
                     e.what()};
    }
    return Error{Errc::Unauthorized, "That PIN is not correct. Please try again.", {}};
}

Status Terminal::staff_sign_in(const std::string& staff_id, const std::string& pin) {
    session_.touch();
    const Error wrong{Errc::Unauthorized, "Staff ID or PIN is not correct.", {}};
    const Error locked{
        Errc::Locked, "Sign-in is locked after too many wrong PINs. Try again later.", {}};
    try {
        store_.clear_failures();
        // Staff IDs are not case-sensitive ("r1" is R1): the on-screen keyboard types lowercase.
        auto staff = load_staff_any_case(store_, staff_id);
        if (!staff) {
            if (store_.failure()) return nothing_found(store_, wrong, "Sign-in is not available right now.");
            pin_check_without_verifier(pin);  // an unknown id costs what a check costs
            return wrong;
        }
        const PinTry attempt = reserve_pin_try(store_.db(), PinSubject::Staff, staff->id,
                                               clock_.now(), lockout_policy(config_.staff_lockout));
        if (attempt.locked) return locked;
        if (pin_matches(staff->pin_salt, staff->pin_hash, pin)) {
            forget_pin_failures(store_.db(), PinSubject::Staff, staff->id);
            session_.sign_in(Identity{staff->role, {}, {}, staff->id, staff->name});
            dirty_ = true;
            return Ok{};
        }
        if (attempt.locks_on_fail) return locked;
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "Sign-in is not available right now.", e.what()};
    }
    return wrong;
}

Status Terminal::serve_customer(const std::string& customer_id) {
    session_.touch();
    const auto& id = session_.identity();
    if (!id || id->role == Role::Customer)
        return Error{Errc::NotAllowed, "Please sign in as staff first.", {}};
    store_.clear_failures();
    auto customer = load_customer(store_, customer_id);
    if (!customer)
        return nothing_found(
            store_, {Errc::NotFound, "This customer is not available on this terminal.", {}},
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
    if (!id) return Error{Errc::NotAllowed, "Please identify yourself first.", {}};
    store_.clear_failures();
    auto view = load_case_view(store_, case_id);
    if (!view)
        return nothing_found(
            store_, {Errc::NotFound, "This case is not available on this terminal.", {}},
            kCannotRead);
    // A customer session never shows another customer's case.
    if (id->role == Role::Customer && view->summary.data.customer_id != id->customer_id)
        return Error{Errc::NotFound, "This case is not available on this terminal.", {}};
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
    if (!id) return Error{Errc::NotAllowed, "Please identify yourself first.", {}};
    if (!role_may_issue(id->role, action))
        return Error{Errc::NotAllowed, "This action is not available to you here.", {}};
    if (!allowed_with_connectivity(action, online()))
        return Error{Errc::OfflineNotAllowed,
                     "This needs a live connection to the service; it is available again when the "
                     "terminal is back online.",
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
    if (auto problem = command_input_problem(d)) return invalid(*problem);

    store_.clear_failures();
    if (!case_id.empty()) {
        const Error unknown_case{
            Errc::NotFound, "This case is not available on this terminal.", {}};
        if (auto view = load_case_view(store_, case_id)) {
            if (id->role == Role::Customer && view->summary.data.customer_id != id->customer_id)
                return unknown_case;
            d.customer_id = view->summary.data.customer_id;
            if (view->summary.refused)
                return Error{Errc::NotAllowed,
                             "Our service did not accept this request, so nothing more can be "
                             "done on it. A member of staff can help.",
                             "refused case"};
            if (auto code = foreseen_refusal(action, *view, clock_.now()))
                return Error{Errc::NotAllowed, foreseen_message(*code), std::string(*code)};
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
        return Error{Errc::NotAllowed, "Only staff can dismiss a refused request.", {}};
    dirty_ = true;
    return dismiss_command(store_, command_id);
}

Result<OutboxEntry> Terminal::take_alternative(const std::string& command_id, json payload) {
    auto refused = find_command(store_, command_id);
    if (!refused || refused->state != CommandState::Refused || !refused->result)
        return Error{Errc::NotFound, "This request is no longer waiting for a decision.", {}};
    auto alternative = action_from_wire(refused->result->alternative);
    if (!alternative) return Error{Errc::NotFound, "The service offered no alternative here.", {}};
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
