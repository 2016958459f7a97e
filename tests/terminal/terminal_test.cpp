// The Terminal entry point on a fake clock and a status board: identification and PINs, the
// privacy reset, staff lockout, customer isolation, and the action table's role and offline
// rules as issue() applies them.

#include <doctest/doctest.h>

#include "touchpoint/english_text.hpp"

#include "terminal_test_support.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/terminal.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kIdle = 60'000;
constexpr Millis kWarning = 15'000;
constexpr int kMaxPin = 5;
constexpr Millis kStaffLockout = 5 * 60'000;

Customer customer(const std::string& id, const std::string& name, const std::string& loyalty,
                  const std::string& pin) {
    Customer c = make_customer(id, name, "S-1");
    c.loyalty_number = loyalty;
    c.email = loyalty + "@example.com";
    c.phone = "+34 6" + loyalty.substr(2) + " 0000";
    c.pin_salt = sha256_hex(id).substr(0, 16);
    c.pin_hash = pin.empty() ? std::string() : pin_hash(c.pin_salt, pin, PinCost::Minimal);
    return c;
}

Staff staff(const std::string& id, const std::string& name, Role role, const std::string& pin) {
    Staff s{id, name, role, "S-1", sha256_hex(id).substr(0, 16), {}};
    s.pin_hash = pin_hash(s.pin_salt, pin, PinCost::Minimal);
    return s;
}

TerminalConfig terminal_config() {
    TerminalConfig c;
    c.session = SessionConfig{kIdle, kWarning, kMaxPin};
    c.staff_lockout = kStaffLockout;
    return c;
}

struct TerminalFixture {
    TempDir dir;
    std::string path = dir.file("terminal.db");
    std::unique_ptr<Store> store = open_store(path);
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<Terminal> terminal;

    TerminalFixture() {
        Case visit;
        visit.id = "VIS-BEN";
        visit.customer_id = "C-BEN";
        visit.kind = CaseKind::Visit;
        visit.status = "scheduled";
        visit.version = 1;
        WorkOrder wo;
        wo.case_id = "VIS-BEN";
        wo.technician_id = "T-7";
        wo.customer_id = "C-BEN";
        wo.address = "Calle Mayor 1";
        wo.status = "assigned";
        wo.checklist = {{"chk-1", {{"en", "Check the filter"}}, false}};
        apply_changes(*store,
              {change("customer", "C-ANA", customer("C-ANA", "Ana Ruiz", "L-1001", "2468")),
               change("customer", "C-BEN", customer("C-BEN", "Ben Ortiz", "L-1002", "1357")),
               change("customer", "C-NOPIN", customer("C-NOPIN", "Carla Paz", "L-1003", "")),
               change("case", "ORD-ANA", make_order("ORD-ANA", "C-ANA", 2)),
               change("case", "ORD-BEN", make_order("ORD-BEN", "C-BEN", 2)),
               change("case", "VIS-BEN", visit),
               change("intray", "IT-ANA", make_intray("IT-ANA", "ORD-ANA", "C-ANA")),
               change("intray", "IT-BEN", make_intray("IT-BEN", "VIS-BEN", "C-BEN")),
               change("work_order", "VIS-BEN", wo),
               change("staff", "S-100", staff("S-100", "Rita", Role::Rep, "9090")),
               change("staff", "S-200", staff("S-200", "Sam", Role::Rep, "1111")),
               change("staff", "T-7", staff("T-7", "Tomás", Role::Technician, "7777"))});
        board.update([](SyncStatus& s) {
            s.online = false;
            s.store_id = "S-1";
        });
        terminal = std::make_unique<Terminal>(*store, clock, board, terminal_config());
    }

    void sign_in_ana() {
        REQUIRE(terminal->identify("L-1001").ok());
        REQUIRE(terminal->verify_pin("2468").ok());
    }
    void sign_in_staff(const std::string& id, const std::string& pin) {
        auto r = terminal->staff_sign_in(id, pin);
        if (!r) FAIL("staff sign-in failed: " << r.error().key);
    }

    std::int64_t outbox_rows() { return sql_int(*store, "SELECT count(*) FROM outbox"); }
    std::int64_t rows_for_case(const std::string& case_id) {
        return sql_int(*store, "SELECT count(*) FROM outbox WHERE case_id = ?", case_id);
    }

    // Idles the session until the privacy reset happens.
    void idle_out() {
        clock.advance(kIdle);
        CHECK_FALSE(terminal->tick());
        CHECK(terminal->snapshot().phase == SessionPhase::Warning);
        clock.advance(kWarning);
        CHECK(terminal->tick());
    }

    // Nothing of the last session is left in the snapshot.
    void check_wiped() {
        const auto& s = terminal->snapshot();
        CHECK(s.phase == SessionPhase::Idle);
        CHECK_FALSE(s.identity.has_value());
        CHECK(s.identified_customer.empty());
        CHECK_FALSE(s.customer.has_value());
        CHECK_FALSE(s.open_case.has_value());
        CHECK(s.search_query.empty());
        CHECK(s.search_results.empty());
        CHECK(s.needs_attention.empty());
        CHECK(s.work_orders.empty());
        CHECK(s.language == "en");
    }
};

// A payload that passes the form checks for each action.
nlohmann::json payload_for(ActionType a, const std::string& intray_item) {
    switch (a) {
        case ActionType::AddNote:
        case ActionType::VisitNote:
            return {{"text", "a note"}};
        case ActionType::OpenComplaint:
            return {{"text", "it arrived broken"}};
        case ActionType::Feedback:
            return {{"score", 9}, {"comment", "quick and friendly"}};
        case ActionType::AnswerInTray:
            return {{"item_id", intray_item}, {"answer", "morning"}};
        case ActionType::VisitStepDone:
            return {{"item_id", "chk-1"}};
        case ActionType::VisitPartsUsed:
            return {{"parts", {{{"sku", "P-1"}, {"name", "Filter"}, {"quantity", 1}}}}};
        case ActionType::UpdatePreferences:
            return {{"language", "es"}};
        case ActionType::StartReturn:
            return {{"reason", "too small"}};
        case ActionType::RequestCallback:
            return {{"topic", "billing"}, {"when", 1'790'000'600'000}};
        case ActionType::ChangeDelivery:
            return {{"date", 1'790'500'000'000}};
        default:
            return nlohmann::json::object();
    }
}

}  // namespace

TEST_CASE_FIXTURE(TerminalFixture, "the customer is shown only after identify and a correct PIN") {
    REQUIRE(terminal->identify("L-1001").ok());
    {
        const auto& s = terminal->snapshot();
        CHECK(s.identified_customer == "C-ANA");
        CHECK_FALSE(s.identity.has_value());
        CHECK_FALSE(s.customer.has_value());  // identifying alone reveals nothing
        CHECK(s.phase == SessionPhase::Active);
    }
    auto wrong = terminal->verify_pin("0000");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == Errc::Unauthorized);
    CHECK_FALSE(terminal->snapshot().customer.has_value());

    REQUIRE(terminal->verify_pin("2468").ok());
    const auto& s = terminal->snapshot();
    REQUIRE(s.identity.has_value());
    CHECK(s.identity->role == Role::Customer);
    CHECK(s.identity->customer_id == "C-ANA");
    CHECK(s.identified_customer.empty());
    REQUIRE(s.customer.has_value());
    CHECK(s.customer->customer.name == "Ana Ruiz");
    REQUIRE(s.customer->cases.size() == 1);
    CHECK(s.customer->cases[0].data.id == "ORD-ANA");
    REQUIRE(s.customer->intray.size() == 1);
    CHECK(s.customer->intray[0].item.id == "IT-ANA");
}

TEST_CASE_FIXTURE(TerminalFixture, "identify by e-mail or phone; unknown or PIN-less customers fail") {
    // A PIN before anyone was identified signs no one in.
    auto early = terminal->verify_pin("2468");
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().code == Errc::NotFound);
    CHECK_FALSE(terminal->snapshot().identity.has_value());

    REQUIRE(terminal->identify("L-1002@example.com").ok());
    CHECK(terminal->snapshot().identified_customer == "C-BEN");
    REQUIRE(terminal->identify("+34 61002 0000").ok());
    CHECK(terminal->snapshot().identified_customer == "C-BEN");

    auto unknown = terminal->identify("L-9999");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == Errc::NotFound);

    // A customer with no PIN on file cannot be verified by any PIN, the empty one included.
    REQUIRE(terminal->identify("L-1003").ok());
    for (const char* pin : {"", "0000", " "}) {
        CAPTURE(pin);
        CHECK_FALSE(terminal->verify_pin(pin).ok());
        CHECK_FALSE(terminal->snapshot().identity.has_value());
    }
}

TEST_CASE_FIXTURE(TerminalFixture, "the privacy reset wipes the session but keeps queued commands") {
    sign_in_ana();
    terminal->choose_language("es");
    REQUIRE(terminal->open_case("ORD-ANA").ok());
    auto note = terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", "please call me"}});
    auto cancel = terminal->issue(ActionType::CancelOrder, "ORD-ANA");
    REQUIRE(note.ok());
    REQUIRE(cancel.ok());
    {
        const auto& s = terminal->snapshot();
        REQUIRE(s.customer.has_value());
        REQUIRE(s.open_case.has_value());
        CHECK(s.open_case->summary.requested_action == "cancel_order");
        CHECK(s.language == "es");
    }
    const auto pending_before = outbox_counts(*store).pending;
    const auto generation = terminal->snapshot().session_generation;

    clock.advance(kIdle - 1);
    CHECK_FALSE(terminal->tick());
    CHECK(terminal->snapshot().phase == SessionPhase::Active);
    clock.advance(1);
    CHECK_FALSE(terminal->tick());
    CHECK(terminal->snapshot().phase == SessionPhase::Warning);
    CHECK(terminal->snapshot().warning_remaining == kWarning);
    CHECK(terminal->snapshot().customer.has_value());  // still there during the warning
    clock.advance(kWarning);
    CHECK(terminal->tick());

    check_wiped();
    CHECK(terminal->snapshot().session_generation == generation + 1);

    // The queue is untouched: both commands are still pending, and the reset added its record.
    CHECK(find_command(*store, note->command_id)->state == CommandState::Pending);
    CHECK(find_command(*store, cancel->command_id)->state == CommandState::Pending);
    CHECK(outbox_counts(*store).pending >= pending_before);
    CHECK(terminal->snapshot().outbox.pending == outbox_counts(*store).pending);
    CHECK(load_case_view(*store, "ORD-ANA")->summary.requested_action == "cancel_order");
    CHECK(sql_int(*store,
                  "SELECT count(*) FROM outbox WHERE action = 'interaction' AND customer_id = "
                  "'C-ANA' AND json_extract(payload, '$.kind') = 'session_ended'") == 1);
}

TEST_CASE_FIXTURE(TerminalFixture, "a staff session's search results are wiped by the reset") {
    sign_in_staff("S-100", "9090");
    terminal->search("ana");
    {
        const auto& s = terminal->snapshot();
        CHECK(s.search_query == "ana");
        REQUIRE(s.search_results.size() == 1);
        CHECK(s.search_results[0].id == "C-ANA");
    }
    REQUIRE(terminal->serve_customer("C-ANA").ok());
    REQUIRE(terminal->open_case("ORD-ANA").ok());
    CHECK(terminal->snapshot().customer.has_value());
    idle_out();
    check_wiped();
}

TEST_CASE_FIXTURE(TerminalFixture, "more time and user activity keep the session") {
    sign_in_ana();
    clock.advance(kIdle);
    terminal->tick();
    REQUIRE(terminal->snapshot().phase == SessionPhase::Warning);
    terminal->more_time();
    CHECK(terminal->snapshot().phase == SessionPhase::Active);
    clock.advance(kIdle - 1);
    CHECK_FALSE(terminal->tick());
    CHECK(terminal->snapshot().phase == SessionPhase::Active);

    terminal->user_activity();
    clock.advance(kIdle - 1);
    CHECK_FALSE(terminal->tick());
    CHECK(terminal->snapshot().phase == SessionPhase::Active);
    CHECK(terminal->snapshot().customer.has_value());

    // "Done" ends the session at once.
    const auto generation = terminal->snapshot().session_generation;
    terminal->end_session();
    check_wiped();
    CHECK(terminal->snapshot().session_generation == generation + 1);
}

TEST_CASE_FIXTURE(TerminalFixture, "too many wrong PINs end the session") {
    REQUIRE(terminal->identify("L-1001").ok());
    for (int i = 1; i < kMaxPin; ++i) {
        CAPTURE(i);
        auto r = terminal->verify_pin("1111");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::Unauthorized);
        CHECK(terminal->snapshot().identified_customer == "C-ANA");
    }
    auto locked = terminal->verify_pin("1111");
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == Errc::Locked);
    check_wiped();
    // The right PIN now does not sign anyone in: the customer must start over.
    CHECK_FALSE(terminal->verify_pin("2468").ok());
    CHECK_FALSE(terminal->snapshot().identity.has_value());

    SUBCASE("once the lock has passed, fewer failures than the limit and the right PIN sign in") {
        clock.advance(60'000);
        REQUIRE(terminal->identify("L-1001").ok());
        for (int i = 1; i < kMaxPin; ++i) CHECK_FALSE(terminal->verify_pin("1111").ok());
        CHECK(terminal->verify_pin("2468").ok());
        CHECK(terminal->snapshot().customer.has_value());
    }
}

TEST_CASE_FIXTURE(TerminalFixture, "staff lockout persists across terminals and restarts") {
    for (int i = 1; i <= kMaxPin; ++i) {
        CAPTURE(i);
        auto r = terminal->staff_sign_in("S-100", "0000");
        REQUIRE_FALSE(r.ok());
        CHECK((r.error().code == Errc::Unauthorized || r.error().code == Errc::Locked));
    }
    auto locked = terminal->staff_sign_in("S-100", "9090");
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == Errc::Locked);
    CHECK_FALSE(terminal->snapshot().identity.has_value());

    // Another staff member is not affected.
    REQUIRE(terminal->staff_sign_in("S-200", "1111").ok());
    terminal->end_session();

    // A new Terminal on the same store, then a restart from the file.
    {
        Terminal second(*store, clock, board, terminal_config());
        auto r = second.staff_sign_in("S-100", "9090");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::Locked);
    }
    terminal.reset();
    store.reset();
    store = open_store(path);
    terminal = std::make_unique<Terminal>(*store, clock, board, terminal_config());
    {
        auto r = terminal->staff_sign_in("S-100", "9090");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::Locked);
    }

    // The lock lifts after the lockout period.
    clock.advance(kStaffLockout - 1);
    CHECK_FALSE(terminal->staff_sign_in("S-100", "9090").ok());
    clock.advance(1);
    REQUIRE(terminal->staff_sign_in("S-100", "9090").ok());
    CHECK(terminal->snapshot().identity->staff_id == "S-100");
}

TEST_CASE_FIXTURE(TerminalFixture, "a successful staff sign-in clears earlier failures") {
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        for (int i = 1; i < kMaxPin; ++i) CHECK_FALSE(terminal->staff_sign_in("S-100", "0000").ok());
        REQUIRE(terminal->staff_sign_in("S-100", "9090").ok());
        terminal->end_session();
    }
    auto unknown = terminal->staff_sign_in("S-999", "9090");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == Errc::Unauthorized);  // the same answer as a wrong PIN
}

TEST_CASE_FIXTURE(TerminalFixture, "a customer session cannot reach another customer's data") {
    sign_in_ana();
    const auto rows = outbox_rows();

    auto opened = terminal->open_case("ORD-BEN");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::NotFound);
    CHECK_FALSE(terminal->snapshot().open_case.has_value());

    for (auto action : {ActionType::AddNote, ActionType::CancelOrder, ActionType::StartReturn}) {
        CAPTURE(spec(action).wire_name);
        auto r = terminal->issue(action, "ORD-BEN", payload_for(action, "IT-BEN"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::NotFound);
    }
    CHECK(rows_for_case("ORD-BEN") == 0);
    CHECK(outbox_rows() == rows);
    CHECK(load_case_view(*store, "ORD-BEN")->summary.requested_action.empty());

    // Not through an item of another customer's case either, named on one's own case.
    auto foreign_item =
        terminal->issue(ActionType::AnswerInTray, "ORD-ANA", payload_for(ActionType::AnswerInTray, "IT-BEN"));
    CHECK_FALSE(foreign_item.ok());
    CHECK(sql_int(*store, "SELECT count(*) FROM intray WHERE id = 'IT-BEN' AND local_answer IS NOT NULL") ==
          0);
    CHECK(outbox_rows() == rows);

    // Customers do not search, and never see the staff list of refused commands.
    terminal->search("ben");
    CHECK(terminal->snapshot().search_results.empty());
    CHECK(terminal->snapshot().needs_attention.empty());
    // Their own case opens.
    REQUIRE(terminal->open_case("ORD-ANA").ok());
    CHECK(terminal->snapshot().open_case->summary.data.id == "ORD-ANA");
}

TEST_CASE_FIXTURE(TerminalFixture, "without an identity nothing can be opened or issued") {
    CHECK(terminal->open_case("ORD-ANA").error().code == Errc::NotAllowed);
    CHECK(terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", "x"}}).error().code ==
          Errc::NotAllowed);
    REQUIRE(terminal->identify("L-1001").ok());  // identified but not verified
    CHECK(terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", "x"}}).error().code ==
          Errc::NotAllowed);
    CHECK(outbox_rows() == 0);
}

TEST_CASE_FIXTURE(TerminalFixture, "offline, queued actions record and live-only actions do not") {
    struct Who {
        const char* name;
        Role role;
        std::string case_id;
        std::string intray_item;
    };
    const Who people[] = {{"customer", Role::Customer, "ORD-ANA", "IT-ANA"},
                          {"rep", Role::Rep, "ORD-ANA", "IT-ANA"},
                          {"technician", Role::Technician, "VIS-BEN", "IT-BEN"}};
    REQUIRE_FALSE(board.read().online);
    for (const auto& who : people) {
        CAPTURE(who.name);
        terminal->end_session();
        if (who.role == Role::Customer) sign_in_ana();
        if (who.role == Role::Rep) {
            sign_in_staff("S-100", "9090");
            REQUIRE(terminal->serve_customer("C-ANA").ok());
        }
        if (who.role == Role::Technician) sign_in_staff("T-7", "7777");

        int recorded = 0;
        for (const auto& action : action_table()) {
            CAPTURE(action.wire_name);
            const auto rows = outbox_rows();
            const std::string case_id = action.needs_case ? who.case_id : std::string();
            const auto shown = load_case_view(*store, case_id);
            const auto foreseen =
                shown ? foreseen_refusal(action.type, shown->summary.data, clock.now()) : std::nullopt;
            auto r = terminal->issue(action.type, case_id, payload_for(action.type, who.intray_item));
            if (!role_may_issue(who.role, action.type)) {
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().code == Errc::NotAllowed);
                CHECK(outbox_rows() == rows);
            } else if (foreseen && allowed_with_connectivity(action.type, false)) {
                // The case's state already rules it out (a return of an order not delivered yet).
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().code == Errc::NotAllowed);
                CHECK(r.error().detail == *foreseen);
                CHECK(outbox_rows() == rows);
            } else if (action.offline == OfflinePolicy::OnlineOnly) {
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().code == Errc::OfflineNotAllowed);
                CHECK(r.error().key == "error.needs_online");
                CHECK(outbox_rows() == rows);
            } else {
                if (!r) FAIL("issue failed: " << r.error().key << " / " << r.error().detail);
                ++recorded;
                CHECK(outbox_rows() == rows + 1);
                auto saved = find_command(*store, r->command_id);
                REQUIRE(saved.has_value());
                CHECK(saved->state == CommandState::Pending);
                CHECK(saved->role == who.role);
                CHECK(saved->action == action.type);
                if (who.role != Role::Customer) CHECK(saved->staff_id == (who.role == Role::Rep ? "S-100" : "T-7"));
                if (action.offline == OfflinePolicy::QueueAsRequest)
                    CHECK(load_case_view(*store, case_id)->summary.requested_action ==
                          action.wire_name);
            }
        }
        CHECK(recorded > 0);
    }
}

TEST_CASE_FIXTURE(TerminalFixture, "refund payout needs the link: refused offline, allowed online") {
    sign_in_ana();
    const auto rows = outbox_rows();
    auto offline = terminal->issue(ActionType::RefundPayout, "ORD-ANA");
    REQUIRE_FALSE(offline.ok());
    CHECK(offline.error().code == Errc::OfflineNotAllowed);
    CHECK(outbox_rows() == rows);
    CHECK(terminal->snapshot().outbox.pending == outbox_counts(*store).pending);

    board.update([&](SyncStatus& s) {
        s.online = true;
        s.online_since = clock.now();
    });
    CHECK(terminal->snapshot().sync.online);
    auto online = terminal->issue(ActionType::RefundPayout, "ORD-ANA");
    REQUIRE(online.ok());
    CHECK(outbox_rows() == rows + 1);

    // Connectivity never lifts a role rule.
    auto visit = terminal->issue(ActionType::VisitComplete, "ORD-ANA");
    REQUIRE_FALSE(visit.ok());
    CHECK(visit.error().code == Errc::NotAllowed);
}

TEST_CASE_FIXTURE(TerminalFixture, "form input is checked before anything is recorded") {
    sign_in_ana();
    const auto rows = outbox_rows();
    const std::pair<ActionType, nlohmann::json> bad[] = {
        {ActionType::AddNote, nlohmann::json::object()},
        {ActionType::AddNote, {{"text", ""}}},
        {ActionType::AddNote, {{"text", 42}}},
        {ActionType::AddNote, {{"text", std::string(2001, 'x')}}},
        {ActionType::AddNote, nlohmann::json::array({"text", "hi"})},
        {ActionType::AddNote, "just a string"},
        {ActionType::Feedback, {{"score", 11}}},
        {ActionType::Feedback, {{"score", -1}}},
        {ActionType::Feedback, {{"score", "9"}}},
        {ActionType::Feedback, {{"score", 9.5}}},
        {ActionType::Feedback, {{"comment", "no score"}}},
        {ActionType::Feedback, {{"score", 9}, {"comment", std::string(2001, 'x')}}},
        {ActionType::AnswerInTray, {{"item_id", "IT-ANA"}}},
        {ActionType::AnswerInTray, {{"answer", "morning"}}},
        {ActionType::AnswerInTray, {{"item_id", "IT-ANA"}, {"answer", ""}}},
        {ActionType::OpenComplaint, {{"text", ""}}},
    };
    for (const auto& [action, payload] : bad) {
        CAPTURE(spec(action).wire_name);
        CAPTURE(payload.dump());
        const std::string case_id = spec(action).needs_case ? "ORD-ANA" : "";
        auto r = terminal->issue(action, case_id, payload);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::InvalidInput);
        CHECK(has_english_text(r.error().key));
    }
    CHECK(outbox_rows() == rows);
    CHECK(load_customer_view(*store, "C-ANA")->intray[0].local_answer.empty());

    // The limits are inclusive (docs/sync-protocol.md §6; command_input_test has the rest).
    CHECK(terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", std::string(2000, 'x')}}).ok());
    CHECK(terminal->issue(ActionType::Feedback, "", {{"score", 0}}).ok());
    CHECK(terminal->issue(ActionType::Feedback, "", {{"score", 10}}).ok());
    // A case the terminal does not have.
    auto missing = terminal->issue(ActionType::CancelOrder, "ORD-404");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::NotFound);
}

TEST_CASE_FIXTURE(TerminalFixture, "assisted actions carry the staff id; refusals reach staff only") {
    sign_in_staff("S-100", "9090");
    REQUIRE(terminal->serve_customer("C-ANA").ok());
    auto cancel = terminal->issue(ActionType::CancelOrder, "ORD-ANA");
    REQUIRE(cancel.ok());
    CHECK(cancel->role == Role::Rep);
    CHECK(cancel->actor_id == "S-100");
    CHECK(cancel->staff_id == "S-100");
    CHECK(cancel->customer_id == "C-ANA");

    CommandResult refused;
    refused.status = "refused";
    refused.code = "already_shipped";
    refused.alternative = "start_return";
    // Housekeeping no rep can act on, refused too: an automatic interaction and a visit step.
    CommandDraft visit_recorded;
    visit_recorded.action = ActionType::Interaction;
    visit_recorded.customer_id = "C-ANA";
    visit_recorded.role = Role::Automatic;
    visit_recorded.payload = {{"kind", "session_started"}};
    auto interaction = record_command(*store, visit_recorded, clock.now());
    REQUIRE(interaction.ok());
    CommandDraft check_in;
    check_in.action = ActionType::VisitCheckIn;
    check_in.case_id = "VIS-BEN";
    check_in.customer_id = "C-BEN";
    check_in.role = Role::Technician;
    check_in.actor_id = "T-7";
    auto visit = record_command(*store, check_in, clock.now());
    REQUIRE(visit.ok());
    CommandResult incomplete;
    incomplete.status = "refused";
    incomplete.code = "invalid";
    REQUIRE(record_results(*store, {{cancel->command_id, refused}, {interaction->command_id, incomplete},
                                    {visit->command_id, incomplete}},
                           clock.now())
                .ok());
    terminal->invalidate();
    // Needs attention lists only what a rep can act on, with whom and which case it concerns.
    REQUIRE(terminal->snapshot().needs_attention.size() == 1);
    const AttentionView& item = terminal->snapshot().needs_attention[0];
    CHECK(item.command.command_id == cancel->command_id);
    CHECK(item.customer_id == "C-ANA");
    CHECK(item.customer_name == "Ana Ruiz");
    CHECK(item.case_reference == "TP-ORD-ANA");
    REQUIRE(item.case_data);
    CHECK(item.case_data->title == tp::LocalText{{"en", "Order ORD-ANA"}});
    CHECK(item.staff_name == "Rita");
    CHECK(terminal->snapshot().outbox.refused == 3);  // still counted for diagnostics
    CHECK(rep_can_act_on(ActionType::CancelOrder));
    CHECK_FALSE(rep_can_act_on(ActionType::Interaction));
    CHECK_FALSE(rep_can_act_on(ActionType::VisitCheckIn));
    CHECK_FALSE(rep_can_act_on(ActionType::Feedback));

    // The housekeeping refusals are listed apart, with whom they concern, and staff can dismiss
    // them so the refused count reaches what is left to act on.
    REQUIRE(terminal->snapshot().housekeeping.size() == 2);
    CHECK(terminal->snapshot().housekeeping[0].command.command_id == interaction->command_id);
    CHECK(terminal->snapshot().housekeeping[0].customer_name == "Ana Ruiz");
    CHECK(terminal->snapshot().housekeeping[1].command.command_id == visit->command_id);
    CHECK(terminal->snapshot().housekeeping[1].customer_name == "Ben Ortiz");
    const std::vector<AttentionView> housekeeping = terminal->snapshot().housekeeping;
    for (const AttentionView& h : housekeeping) REQUIRE(terminal->dismiss(h.command.command_id).ok());
    CHECK(terminal->snapshot().housekeeping.empty());
    CHECK(terminal->snapshot().needs_attention.size() == 1);
    CHECK(terminal->snapshot().outbox.refused == 1);

    terminal->end_session();
    sign_in_ana();
    CHECK(terminal->snapshot().needs_attention.empty());
    // The customer sees the refusal on their own case instead.
    REQUIRE(terminal->open_case("ORD-ANA").ok());
    const auto& own = terminal->snapshot().open_case->own_commands;
    REQUIRE_FALSE(own.empty());
    CHECK(own[0].state == CommandState::Refused);
}

TEST_CASE_FIXTURE(TerminalFixture, "a return the case's dates already rule out is refused before it is queued, offline too") {
    const Millis now = clock.now();
    REQUIRE_FALSE(board.read().online);
    struct Delivery {
        const char* name;
        Millis delivered_at;
        bool foreseen;
    };
    const Delivery deliveries[] = {{"yesterday", now - 24 * 3600 * 1000LL, false},
                                   {"29 days ago", now - 29 * 24 * 3600 * 1000LL, false},
                                   {"31 days ago", now - 31 * 24 * 3600 * 1000LL, true}};
    for (const auto& d : deliveries) {
        CAPTURE(d.name);
        const std::string id = std::string("ORD-ANA-") + d.name;
        Case order = make_order(id, "C-ANA", 3, "delivered");
        order.delivered_at = d.delivered_at;
        apply_changes(*store, {change("case", id, order)});
        terminal->end_session();
        sign_in_ana();
        const auto rows = outbox_rows();
        auto r = terminal->issue(ActionType::StartReturn, id, {{"reason", "too small"}});
        if (d.foreseen) {
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == Errc::NotAllowed);
            CHECK(r.error().detail == "outside_return_window");
            CHECK(r.error().key == "error.return_window_ended");
            CHECK(outbox_rows() == rows);
        } else {
            REQUIRE(r.ok());
            CHECK(outbox_rows() == rows + 1);
        }
    }
}

TEST_CASE_FIXTURE(TerminalFixture, "an order with a return asked for here or accepted elsewhere is not returned twice") {
    Case order = make_order("ORD-ANA", "C-ANA", 3, "delivered");
    order.delivered_at = clock.now() - 24 * 3600 * 1000LL;
    apply_changes(*store, {change("case", "ORD-ANA", order)});
    sign_in_ana();
    REQUIRE(terminal->issue(ActionType::StartReturn, "ORD-ANA", {{"reason", "too small"}}).ok());
    const auto rows = outbox_rows();

    auto again = terminal->issue(ActionType::StartReturn, "ORD-ANA", {{"reason", "too small"}});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::NotAllowed);
    CHECK(again.error().detail == "return_already_open");
    CHECK(again.error().key == "error.return_already_open");
    CHECK(outbox_rows() == rows);

    // A return accepted on another channel: the service's event on the order rules it out too.
    Case other = make_order("ORD-BEN", "C-BEN", 3, "delivered");
    other.delivered_at = order.delivered_at;
    TimelineEvent started;
    started.id = "EV-RET";
    started.kind = "start_return";
    started.text = "Return started: TP-10077";
    other.timeline.push_back(started);
    CHECK(foreseen_refusal(ActionType::StartReturn, other, clock.now()) == std::optional<std::string_view>("return_already_open"));
    other.timeline.clear();
    CHECK_FALSE(foreseen_refusal(ActionType::StartReturn, other, clock.now()).has_value());
}
