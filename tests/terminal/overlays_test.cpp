// Brief §4.6 "no flicker back", at the store level: server pages do not overwrite the local
// effect of a pending command; a refusal removes it at once and keeps the command visible; a
// confirmation removes it only once the cache holds the case version the service reported.

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/local_reference.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kNow = 1'790'000'000'000;

struct OverlayFixture {
    TempDir dir;
    std::unique_ptr<Store> store = open_store(dir.file("overlays.db"));

    OverlayFixture() {
        Customer ana = make_customer("C-1", "Ana Ruiz");
        apply_changes(*store, {change("customer", ana.id, ana),
                       change("case", "ORD-1", make_order("ORD-1", "C-1", 3)),
                       change("intray", "IT-1", make_intray("IT-1", "ORD-1", "C-1"))});
    }

    OutboxEntry record(ActionType action, nlohmann::json payload = nlohmann::json::object(),
                       const std::string& case_id = "ORD-1") {
        CommandDraft d;
        d.action = action;
        d.case_id = case_id;
        d.customer_id = "C-1";
        d.actor_id = "C-1";
        d.payload = std::move(payload);
        auto r = record_command(*store, d, kNow);
        REQUIRE(r.ok());
        return *r;
    }

    // A server version of the order, as a page from the feed would carry it.
    void page_with_order(std::int64_t version, const std::string& status,
                         const std::string& note = {}) {
        Case c = make_order("ORD-1", "C-1", version, status);
        if (!note.empty()) {
            TimelineEvent ev;
            ev.id = "ev-" + note;
            ev.at = kNow;
            ev.actor = "call center agent";
            ev.channel = Channel::CallCenter;
            ev.kind = "note";
            ev.text = note;
            c.timeline.push_back(ev);
        }
        apply_changes(*store, {change("case", c.id, c)});
    }

    CaseView order() {
        auto v = load_case_view(*store, "ORD-1");
        REQUIRE(v.has_value());
        return *v;
    }

    void answer(const OutboxEntry& e, const std::string& status, std::int64_t case_version,
                const std::string& case_id = "ORD-1") {
        CommandResult r;
        r.status = status;
        r.case_id = case_id;
        r.case_version = case_version;
        r.server_time = kNow + 5'000;
        if (status == "refused") {
            r.code = "already_shipped";
            r.reason = "The order has already shipped.";
            r.alternative = "start_return";
            r.alternative_text = "Start a return instead";
        }
        auto ok = record_results(*store, {{e.command_id, r}}, kNow + 6'000);
        REQUIRE(ok.ok());
    }

    CommandState state_of(const OutboxEntry& e) {
        auto found = find_command(*store, e.command_id);
        REQUIRE(found.has_value());
        return found->state;
    }
};

}  // namespace

TEST_CASE_FIXTURE(OverlayFixture, "a newer server version does not wipe a pending request") {
    const auto cancel = record(ActionType::CancelOrder);
    REQUIRE(order().summary.requested_action == "cancel_order");

    // Another channel touched the order; the service has not seen our command yet.
    page_with_order(4, "placed", "customer called about the order");
    auto view = order();
    CHECK(view.summary.data.version == 4);  // server state did arrive...
    REQUIRE(view.summary.data.timeline.size() == 1);
    CHECK(view.summary.data.timeline[0].text == "customer called about the order");
    CHECK(view.summary.requested_action == "cancel_order");  // ...under the pending request
    CHECK(view.summary.pending);
    CHECK(state_of(cancel) == CommandState::Pending);

    // The customer home shows the same.
    auto home = load_customer_view(*store, "C-1");
    REQUIRE(home.has_value());
    REQUIRE(home->cases.size() == 1);
    CHECK(home->cases[0].requested_action == "cancel_order");
    CHECK(home->cases[0].pending);

    // A stale page (older than the cache) changes nothing at all.
    page_with_order(2, "placed");
    CHECK(order().summary.data.version == 4);
    CHECK(order().summary.requested_action == "cancel_order");
}

TEST_CASE_FIXTURE(OverlayFixture, "a refusal removes the overlay and keeps the command visible") {
    const auto cancel = record(ActionType::CancelOrder);
    page_with_order(4, "placed");
    answer(cancel, "refused", 4);

    auto view = order();
    CHECK(view.summary.requested_action.empty());
    CHECK_FALSE(view.summary.pending);
    REQUIRE(view.own_commands.size() == 1);  // on the case timeline, with the reason
    CHECK(view.own_commands[0].state == CommandState::Refused);
    REQUIRE(view.own_commands[0].result.has_value());
    CHECK(view.own_commands[0].result->code == "already_shipped");
    CHECK(view.own_commands[0].result->alternative == "start_return");
    CHECK(view.own_commands[0].answered_at == kNow + 6'000);

    auto attention = needs_attention(*store);
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].command_id == cancel.command_id);
    const auto counts = outbox_counts(*store);
    CHECK(counts.pending == 0);
    CHECK(counts.refused == 1);
    CHECK(sql_int(*store, "SELECT count(*) FROM cases WHERE requested_cmd IS NOT NULL") == 0);

    // The service's state wins from now on.
    page_with_order(5, "shipped");
    CHECK(order().summary.data.status == "shipped");
    CHECK(order().summary.requested_action.empty());

    // It stays in needs-attention until dismissed.
    REQUIRE(dismiss_command(*store, cancel.command_id).ok());
    CHECK(needs_attention(*store).empty());
    CHECK(outbox_counts(*store).refused == 0);
    CHECK(find_command(*store, cancel.command_id).has_value());
}

TEST_CASE_FIXTURE(OverlayFixture, "a confirmed request shows until the cache reaches its version") {
    const auto cancel = record(ActionType::CancelOrder);
    answer(cancel, "applied", 6);
    CHECK(state_of(cancel) == CommandState::Confirmed);
    CHECK(order().summary.requested_action == "cancel_order");
    CHECK_FALSE(order().summary.pending);  // answered: no longer waiting to sync

    // A page from before the command applied: the overlay still covers the old status.
    page_with_order(5, "placed");
    CHECK(order().summary.data.version == 5);
    CHECK(order().summary.requested_action == "cancel_order");

    // The page that carries the command's effect settles it.
    page_with_order(6, "cancelled");
    CHECK(order().summary.data.status == "cancelled");
    CHECK(order().summary.requested_action.empty());
    CHECK(sql_int(*store, "SELECT settled FROM outbox WHERE command_id = ?", cancel.command_id) ==
          1);
    CHECK(needs_attention(*store).empty());
    CHECK(outbox_counts(*store).pending == 0);
}

TEST_CASE_FIXTURE(OverlayFixture, "a page that arrived before the answer settles at the next page") {
    const auto cancel = record(ActionType::CancelOrder);
    page_with_order(6, "cancelled");
    CHECK(order().summary.requested_action == "cancel_order");  // still unanswered
    answer(cancel, "applied", 6);
    apply_changes(*store, {});  // the next pull, even an empty one
    CHECK(order().summary.requested_action.empty());
    CHECK(order().summary.data.status == "cancelled");
}

TEST_CASE_FIXTURE(OverlayFixture, "a second answer for an answered command changes nothing") {
    const auto cancel = record(ActionType::CancelOrder);
    answer(cancel, "applied", 6);
    answer(cancel, "refused", 6);  // a stray or replayed answer
    CHECK(state_of(cancel) == CommandState::Confirmed);
    CHECK(order().summary.requested_action == "cancel_order");
    CHECK(needs_attention(*store).empty());

    // Answers for commands this terminal never sent are ignored.
    CommandResult r;
    r.status = "refused";
    CHECK(record_results(*store, {{"no-such-command", r}}, kNow).ok());
    CHECK(needs_attention(*store).empty());
}

TEST_CASE_FIXTURE(OverlayFixture, "recording an answer counts the command's attempt with it") {
    const auto cancel = record(ActionType::CancelOrder);
    const auto attempts = [&] {
        auto q = store->db().prepare(
            "SELECT o.attempts, (SELECT count(*) FROM outbox_attempts a WHERE a.seq = o.seq AND "
            "a.outcome = 'answered') FROM outbox o WHERE o.command_id = ?");
        q.bind(1, cancel.command_id);
        REQUIRE(q.step());
        return std::pair{q.integer(0), q.integer(1)};
    };
    REQUIRE(attempts() == std::pair{0, 0});
    answer(cancel, "applied", 6);
    CHECK(attempts() == std::pair{1, 1});
    CommandResult r;
    r.status = "applied";
    CHECK(record_results(*store, {{"no-such-command", r}}, kNow).ok());
    auto total = store->db().prepare("SELECT count(*) FROM outbox_attempts");
    REQUIRE(total.step());
    CHECK(total.integer(0) == 1);
}

TEST_CASE_FIXTURE(OverlayFixture, "a provisional case goes on refusal and becomes real on confirmation") {
    SUBCASE("refused") {
        const auto ret = record(ActionType::StartReturn, {{"reason", "too small"}});
        const auto id = ret.payload.at("new_case_id").get<std::string>();
        REQUIRE(load_case_view(*store, id).has_value());
        answer(ret, "refused", 0, "");
        // The case stays, refused, where the customer is looking, with the refusal on it.
        auto refused = load_case_view(*store, id);
        REQUIRE(refused.has_value());
        CHECK(refused->summary.refused);
        CHECK_FALSE(refused->summary.provisional);
        CHECK(refused->summary.data.status == "refused");
        REQUIRE(refused->own_commands.size() == 1);
        CHECK(refused->own_commands[0].state == CommandState::Refused);
        CHECK(load_customer_view(*store, "C-1")->cases.size() == 2);
        REQUIRE(needs_attention(*store).size() == 1);
        // The refusal still shows on the order it was started from.
        auto cmds = commands_for_case(*store, "ORD-1");
        REQUIRE(cmds.size() == 1);
        CHECK(cmds[0].state == CommandState::Refused);
        // Dismissed, the refused case goes; the order stays.
        REQUIRE(dismiss_command(*store, ret.command_id).ok());
        CHECK_FALSE(load_case_view(*store, id).has_value());
        CHECK(load_customer_view(*store, "C-1")->cases.size() == 1);
        CHECK(load_case_view(*store, "ORD-1").has_value());
    }
    SUBCASE("a feed page of the order after the refusal keeps the refused case") {
        const auto ret = record(ActionType::StartReturn, {{"reason", "too small"}});
        const auto id = ret.payload.at("new_case_id").get<std::string>();
        answer(ret, "refused", 0, "");
        page_with_order(5, "delivered");
        apply_changes(*store, {Change{"case", id, nlohmann::json()}});
        REQUIRE(load_case_view(*store, id).has_value());
        CHECK(load_case_view(*store, id)->summary.refused);
    }
    SUBCASE("confirmed") {
        const auto ret = record(ActionType::StartReturn, {{"reason", "too small"}});
        const auto id = ret.payload.at("new_case_id").get<std::string>();
        answer(ret, "applied", 1, id);
        // A feed page that predates the return does not remove it.
        page_with_order(4, "delivered");
        REQUIRE(load_case_view(*store, id).has_value());
        CHECK(load_case_view(*store, id)->summary.provisional);
        // The service's copy of the case replaces the provisional one.
        Case real;
        real.id = id;
        real.customer_id = "C-1";
        real.kind = CaseKind::Return;
        real.status = "open";
        real.reference = "TP-20001";
        real.version = 1;
        apply_changes(*store, {change("case", id, real)});
        auto view = load_case_view(*store, id);
        REQUIRE(view.has_value());
        CHECK_FALSE(view->summary.provisional);
        CHECK(view->summary.data.reference == "TP-20001");
        CHECK(view->summary.data.status == "open");
    }
    SUBCASE("deleting the case from scope does not delete a pending provisional case") {
        const auto ret = record(ActionType::StartReturn, {{"reason", "too small"}});
        const auto id = ret.payload.at("new_case_id").get<std::string>();
        apply_changes(*store, {Change{"case", id, nlohmann::json()}});
        CHECK(load_case_view(*store, id).has_value());
    }
}

TEST_CASE_FIXTURE(OverlayFixture, "local answers and preferences survive newer server copies") {
    const auto ans = record(ActionType::AnswerInTray, {{"item_id", "IT-1"}, {"answer", "morning"}});
    const auto prefs = record(ActionType::UpdatePreferences, {{"language", "es"}}, "");
    InTrayItem item = make_intray("IT-1", "ORD-1", "C-1");
    item.prompt = {{"en", "Confirm your delivery slot (updated)"}};
    Customer ana = make_customer("C-1", "Ana Ruiz");
    ana.version = 2;
    ana.preferences.language = "de";  // changed elsewhere, before our change arrives
    apply_changes(*store, {change("intray", item.id, item), change("customer", ana.id, ana)});

    auto home = load_customer_view(*store, "C-1");
    REQUIRE(home.has_value());
    REQUIRE(home->intray.size() == 1);
    CHECK(home->intray[0].item.prompt.at("en") == "Confirm your delivery slot (updated)");
    CHECK(home->intray[0].local_answer == "morning");
    CHECK(home->customer.preferences.language == "es");
    CHECK(home->preferences_pending);
    CHECK(home->customer.version == 2);

    answer(ans, "refused", 0);
    answer(prefs, "refused", 0, "");
    home = load_customer_view(*store, "C-1");
    REQUIRE(home.has_value());
    CHECK(home->intray[0].local_answer.empty());
    CHECK(home->customer.preferences.language == "de");
    CHECK_FALSE(home->preferences_pending);
    CHECK(needs_attention(*store).size() == 2);
}

TEST_CASE_FIXTURE(OverlayFixture, "a case made here gets a short reference at once, unique on the terminal") {
    store->set_meta("store_id", "S1");
    store->set_meta("terminal_id", "TERM-0000007f3a");
    const auto first = record(ActionType::StartReturn, {{"reason", "too small"}});
    const auto second = record(ActionType::RequestCallback, {{"topic", "billing"}}, "");
    const auto note = record(ActionType::AddNote, {{"text", "hello"}});
    CHECK(first.payload.at("local_reference") == "S1-7F3A-1");
    CHECK(second.payload.at("local_reference") == "S1-7F3A-2");
    CHECK_FALSE(note.payload.contains("local_reference"));  // not a new case
    // The provisional case is shown by it from the first moment, never by its id.
    auto view = load_case_view(*store, first.payload.at("new_case_id").get<std::string>());
    REQUIRE(view.has_value());
    CHECK(view->summary.data.reference == "S1-7F3A-1");
    CHECK(view->summary.data.local_reference == "S1-7F3A-1");
    // The count survives a restart of the terminal.
    store.reset();
    store = open_store(dir.file("overlays.db"));
    const auto third = record(ActionType::OpenComplaint, {{"text", "broken"}}, "");
    CHECK(third.payload.at("local_reference") == "S1-7F3A-3");
}

TEST_CASE("local references: the terminal's tag and what the service accepts") {
    CHECK(terminal_tag("TERM-0a1b2c3d7f3a") == "7F3A");
    CHECK(terminal_tag("T-1") == "T1");
    CHECK(local_reference_prefix("S1", "TERM-0a1b2c3d7f3a") == "S1-7F3A-");
    CHECK(is_local_reference("S1-7F3A-12", "S1-7F3A-"));
    CHECK_FALSE(is_local_reference("S1-7F3A-", "S1-7F3A-"));
    CHECK_FALSE(is_local_reference("S1-7F3A-1x", "S1-7F3A-"));
    CHECK_FALSE(is_local_reference("S2-7F3A-12", "S1-7F3A-"));
    CHECK_FALSE(is_local_reference("S1-7F3A-1234567890", "S1-7F3A-"));
    CHECK_FALSE(is_local_reference("S1-7F3A-12", ""));
}
