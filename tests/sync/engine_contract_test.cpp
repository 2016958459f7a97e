// The sync contract of brief §4, end to end: the terminal's engine against the real reference
// service over loopback HTTP, with failures injected on purpose.

#include <doctest/doctest.h>

#include <fstream>

#include "sync_rig.hpp"

using namespace tp;
using namespace tp::test;
using service::testing::TestService;

TEST_CASE("bootstrap brings the store's scope and nothing outside it") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    CHECK(rig.engine->cycle() == sync::CycleResult::Synced);
    CHECK(load_customer(*rig.store, "C0001").has_value());
    CHECK(load_staff(*rig.store, "R1").has_value());
    CHECK_FALSE(load_customer(*rig.store, "C0005").has_value());  // store S2
    CHECK(rig.board.read().online);
    CHECK(rig.board.read().last_sync > 0);
}

TEST_CASE("exactly once: a lost answer and a resend apply the command once") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "lost answer"}});

    FaultRates lose_answers;
    lose_answers.drop_response = 1.0;
    rig.faulty->set_rates(lose_answers);
    CHECK(rig.engine->cycle() == sync::CycleResult::Offline);
    CHECK(state_of(rig, note.command_id) == CommandState::Pending);
    // The service committed the note although the terminal never heard back.
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), note.command_id) == 1);

    rig.faulty->set_rates({});
    rig.sync_until_quiet();
    CHECK(state_of(rig, note.command_id) == CommandState::Confirmed);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), note.command_id) == 1);
    CHECK(events_for_command(rig.cached_case("ORD-C0001-1"), note.command_id) == 1);
}

TEST_CASE("exactly once: the service restarts between commit and answer") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    std::vector<OutboxEntry> notes;
    for (int i = 0; i < 30; ++i)
        notes.push_back(queue(rig, ActionType::AddNote, i % 2 ? "ORD-C0001-1" : "ORD-C0004-1",
                              i % 2 ? "C0001" : "C0004", {{"text", "restart " + std::to_string(i)}}));
    FaultRates lose_answers;
    lose_answers.drop_response = 1.0;
    rig.faulty->set_rates(lose_answers);
    CHECK(rig.engine->cycle() == sync::CycleResult::Offline);

    svc.restart();  // same database file, a new process image of the service
    rig.reconnect();
    rig.sync_until_quiet();
    for (const auto& n : notes) {
        CHECK(state_of(rig, n.command_id) == CommandState::Confirmed);
        CHECK(events_for_command(service_case(svc, n.case_id), n.command_id) == 1);
    }
}

TEST_CASE("per-case order, and a refusal on one case does not hold back another") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    // ORD-C0001-2 is shipped: its cancellation is refused; the notes after it still apply.
    auto cancel = queue(rig, ActionType::CancelOrder, "ORD-C0001-2", "C0001");
    auto first = queue(rig, ActionType::AddNote, "ORD-C0001-2", "C0001", {{"text", "first"}});
    auto second = queue(rig, ActionType::AddNote, "ORD-C0001-2", "C0001", {{"text", "second"}});
    auto other = queue(rig, ActionType::AddNote, "ORD-C0004-1", "C0004", {{"text", "other case"}});
    rig.sync_until_quiet();

    CHECK(state_of(rig, cancel.command_id) == CommandState::Refused);
    CHECK(state_of(rig, first.command_id) == CommandState::Confirmed);
    CHECK(state_of(rig, second.command_id) == CommandState::Confirmed);
    CHECK(state_of(rig, other.command_id) == CommandState::Confirmed);

    auto timeline = service_case(svc, "ORD-C0001-2")["timeline"];
    std::vector<std::string> order;
    for (const auto& e : timeline)
        if (!e.value("command_id", std::string()).empty()) order.push_back(e["command_id"]);
    REQUIRE(order.size() == 3);
    CHECK(order[0] == cancel.command_id);
    CHECK(order[1] == first.command_id);
    CHECK(order[2] == second.command_id);
}

TEST_CASE("refusal round trip: the call center ships while the kiosk queues a cancellation") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    Terminal kiosk(*rig.store, rig.clock, rig.board);
    auto customer = load_customer(*rig.store, "C0001");
    REQUIRE(customer.has_value());
    REQUIRE(kiosk.identify(customer->loyalty_number).ok());
    REQUIRE(kiosk.verify_pin("1234").ok());

    rig.faulty->set_down(true);
    CHECK(rig.engine->cycle() == sync::CycleResult::Offline);
    svc.channel_command("ORD-C0001-3", "ship_order");  // placed -> shipped, elsewhere

    auto cancel = kiosk.issue(ActionType::CancelOrder, "ORD-C0001-3");
    REQUIRE(cancel.ok());
    REQUIRE(kiosk.open_case("ORD-C0001-3").ok());
    const auto& before = kiosk.snapshot();
    REQUIRE(before.open_case.has_value());
    CHECK(before.open_case->summary.requested_action == "cancel_order");
    CHECK(before.open_case->summary.pending);

    rig.faulty->set_down(false);
    rig.sync_until_quiet();
    kiosk.invalidate();
    const auto& after = kiosk.snapshot();
    REQUIRE(after.open_case.has_value());
    CHECK(after.open_case->summary.requested_action.empty());
    CHECK(after.open_case->summary.data.status == "shipped");
    const OutboxEntry* mine = nullptr;
    for (const auto& c : after.open_case->own_commands)
        if (c.command_id == cancel->command_id) mine = &c;
    REQUIRE(mine != nullptr);
    CHECK(mine->state == CommandState::Refused);
    REQUIRE(mine->result.has_value());
    CHECK(mine->result->code == "already_shipped");
    CHECK(mine->result->alternative == "start_return");
    CHECK_FALSE(mine->result->reason.empty());
    auto attention = needs_attention(*rig.store);
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].command_id == cancel->command_id);
}

TEST_CASE("no flicker back: newer server state does not hide a pending request") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    auto cancel = queue(rig, ActionType::CancelOrder, "ORD-C0001-3", "C0001");
    // Another channel changes the same case; the terminal pulls without pushing.
    svc.channel_command("ORD-C0001-3", "add_note", {{"text", "from the web"}}, "web");
    REQUIRE(rig.engine->pull(0) == sync::CycleResult::Synced);
    auto view = load_case_view(*rig.store, "ORD-C0001-3");
    REQUIRE(view.has_value());
    CHECK(view->summary.data.status == "placed");
    CHECK(view->summary.data.timeline.back().text.find("from the web") != std::string::npos);
    CHECK(view->summary.requested_action == "cancel_order");  // still shown as requested

    rig.sync_until_quiet();
    view = load_case_view(*rig.store, "ORD-C0001-3");
    CHECK(state_of(rig, cancel.command_id) == CommandState::Confirmed);
    CHECK(view->summary.data.status == "cancelled");  // the service's state wins after
    CHECK(view->summary.requested_action.empty());
}

TEST_CASE("an expired token is renewed and the queue goes on") {
    TestService svc(10, [](service::ServiceConfig& c) { c.token_ttl = std::chrono::minutes(10); });
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    const auto old_token = *rig.store->token();
    svc.clock().advance(service::testing::kHour);
    auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "after expiry"}});
    CHECK(rig.engine->cycle() == sync::CycleResult::Synced);
    CHECK(state_of(rig, note.command_id) == CommandState::Confirmed);
    const std::string renewed = *rig.store->token();
    CHECK(renewed != old_token);
    // Both tokens lived in the token file only, never in the database or its WAL.
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream in(rig.store->path() + suffix, std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        CHECK(bytes.find(old_token) == std::string::npos);
        CHECK(bytes.find(renewed) == std::string::npos);
    }
}

TEST_CASE("a cursor the service does not know triggers a re-bootstrap that keeps the outbox") {
    TestService svc(10);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    rig.faulty->set_down(true);
    auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "kept"}});
    (void)rig.engine->cycle();
    rig.store->set_meta("cursor", "0000000000000000-999999");
    rig.store->db().exec("DELETE FROM customers WHERE id = 'C0002'");
    rig.faulty->set_down(false);
    rig.sync_until_quiet();
    CHECK(state_of(rig, note.command_id) == CommandState::Confirmed);
    CHECK(load_customer(*rig.store, "C0002").has_value());  // bootstrapped again
    CHECK(*rig.store->meta("cursor") != "0000000000000000-999999");
}

TEST_CASE("backoff grows, is capped, and the status says offline since when") {
    TestService svc(5);
    TerminalRig rig(svc, "KIOSK-S1-01");
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    rig.faulty->set_down(true);
    const Millis went_down = rig.clock.now();
    Millis last_gap = 0;
    for (int i = 0; i < 12; ++i) {
        CHECK(rig.engine->cycle() == sync::CycleResult::Offline);
        CHECK_FALSE(rig.engine->due());
        const auto status = rig.board.read();
        CHECK_FALSE(status.online);
        CHECK(status.offline_since == went_down);
        last_gap = status.next_retry - rig.clock.now();
        CHECK(last_gap <= 60'000);
        rig.clock.set(status.next_retry);
    }
    CHECK(last_gap >= 250);
    rig.faulty->set_down(false);
    CHECK(rig.engine->cycle() == sync::CycleResult::Synced);
    CHECK(rig.board.read().online);
    CHECK(rig.board.read().consecutive_failures == 0);
}

TEST_CASE("a long poll's wait is not counted as the round trip") {
    TestService svc;
    service::testing::TempDir dir;
    auto opened = Store::open(dir.file("terminal.db"));
    REQUIRE(opened.ok());
    auto curl = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
    SystemClock clock;  // real time: the wait takes real time
    StatusBoard board;
    sync::SyncEngine engine(**opened, *curl, clock, board);
    REQUIRE(engine.enroll("KIOSK-S1-01", "test terminal").ok());
    REQUIRE(engine.pull() == sync::CycleResult::Synced);  // bootstrap: the feed is now quiet
    const Millis before = clock.now();
    REQUIRE(engine.pull(2) == sync::CycleResult::Synced);  // waits for news that never comes
    const Millis waited = clock.now() - before;
    REQUIRE(waited >= 1500);
    const SyncStatus s = board.read();
    REQUIRE_FALSE(s.history.empty());
    MESSAGE("long poll waited " << waited << " ms; round trip shown " << s.history.back().latency_ms << " ms");
    CHECK(s.history.back().latency_ms < waited / 2);
}
