// Fleet health and remote wipe end to end, the terminal's engine against the real reference
// service over loopback (docs/operations.md): the heartbeat's values as the service stores them,
// a heartbeat that fails leaving sync alone; a wipe that sends the queue before anything is
// deleted, leaves no customer data, is recorded and revoked on the service, leaves another
// terminal alone, waits for a terminal that is offline, and resumes after a restart.

#include <sys/statvfs.h>

#include "sync_rig.hpp"
#include "test_env.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr const char* kOperatorKey = "test-operator-key";

void with_operator(service::ServiceConfig& c) { c.operator_key = kOperatorKey; }

json listed(TestService& svc, const std::string& terminal_id) {
    auto r = svc.get("/v1/terminals", {{"X-Operator-Key", kOperatorKey}});
    REQUIRE(r.status == 200);
    for (const auto& t : r.body["terminals"])
        if (t["terminal_id"] == terminal_id) return t;
    FAIL("terminal not listed");
    return {};
}

void order_wipe(TestService& svc, const std::string& terminal_id) {
    auto r = svc.post("/v1/terminals/" + terminal_id + "/wipe", std::string("{}"),
                      {{"X-Operator-Key", kOperatorKey}});
    REQUIRE(r.status == 200);
}

// Syncs the terminal, then orders it wiped; its id.
std::string synced_then_ordered_wiped(TestService& svc, TerminalRig& rig) {
    rig.sync_until_quiet();
    const std::string id = rig.board.read().terminal_id;
    order_wipe(svc, id);
    return id;
}

// Requests to paths starting with `prefix` fail as if the service could not be reached while
// `failing`; every other request goes through.
class FailingPath final : public sync::Transport {
  public:
    FailingPath(sync::Transport& inner, std::string prefix)
        : inner_(inner), prefix_(std::move(prefix)) {}
    Result<sync::HttpResponse> send(const sync::HttpRequest& request) override {
        if (failing && request.path.rfind(prefix_, 0) == 0) {
            ++failed;
            return Error{Errc::Network, "error.unreachable", "injected"};
        }
        return inner_.send(request);
    }
    bool failing = true;
    int failed = 0;

  private:
    sync::Transport& inner_;
    std::string prefix_;
};

std::int64_t count(Store& store, const char* sql) {
    auto q = store.db().prepare(sql);
    return q.step() ? q.int64(0) : -1;
}

std::int64_t customer_rows(Store& store) {
    std::int64_t n = 0;
    for (const char* sql :
         {"SELECT COUNT(*) FROM customers", "SELECT COUNT(*) FROM cases",
          "SELECT COUNT(*) FROM intray", "SELECT COUNT(*) FROM interactions",
          "SELECT COUNT(*) FROM offers", "SELECT COUNT(*) FROM work_orders",
          "SELECT COUNT(*) FROM customer_search", "SELECT COUNT(*) FROM customer_visits",
          "SELECT COUNT(*) FROM outbox WHERE payload <> '{}' OR customer_id <> '' OR case_id <> ''"})
        n += count(store, sql);
    return n;
}

}  // namespace

TEST_CASE("the engine's heartbeat carries the terminal's health as the service stores it") {
    set_test_log_level();
    TestService svc(20, with_operator);
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.clock.set(svc.clock().now() + 90'000);  // the terminal's clock runs 90 s ahead
    rig.sync_until_quiet();
    const std::string id = rig.board.read().terminal_id;
    json h = listed(svc, id)["health"];
    REQUIRE(h.is_object());
    CHECK(h["version"] == TOUCHPOINT_VERSION);
    CHECK(h["queue_depth"] == 0);
    CHECK(h["oldest_pending_age_ms"] == 0);
    CHECK(h["stuck_lanes"] == 0);
    CHECK(h["refused"] == 0);
    CHECK(h["last_sync_at"] == rig.board.read().last_sync);
    CHECK(h["clock_offset_ms"] == 90'000);  // the first one: measured by the service
    struct statvfs fs {};
    REQUIRE(statvfs(rig.dir.file("").c_str(), &fs) == 0);
    const double free = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
    CHECK(h["free_disk_bytes"].get<double>() == doctest::Approx(free).epsilon(0.05));

    // Within the interval no other heartbeat goes.
    const int before = rig.faulty->requests();
    CHECK(rig.engine->pull() == sync::CycleResult::Synced);
    CHECK(rig.faulty->requests() == before + 1);

    // Two commands wait (the feed is pulled without pushing them); one is refused later.
    const auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "at the door"}});
    queue(rig, ActionType::CancelOrder, "ORD-C0001-2", "C0001");
    rig.clock.advance(61'000);
    svc.clock().advance(1'000);
    CHECK(rig.engine->pull() == sync::CycleResult::Synced);
    h = listed(svc, id)["health"];
    CHECK(h["queue_depth"] == 2);
    CHECK(h["oldest_pending_age_ms"] == 61'000);
    CHECK(h["clock_offset_ms"] == 90'000);  // measured from the first answer, not 150 s as sent_at says
    CHECK(h["received_at"] == svc.clock().now());

    rig.sync_until_quiet();
    rig.clock.advance(61'000);
    CHECK(rig.engine->pull() == sync::CycleResult::Synced);
    h = listed(svc, id)["health"];
    CHECK(h["queue_depth"] == 0);
    CHECK(h["refused"] == 1);  // ORD-C0001-2 has shipped
    CHECK(state_of(rig, note.command_id) == CommandState::Confirmed);
}

TEST_CASE("a heartbeat that fails never disturbs sync") {
    set_test_log_level();
    TestService svc(20, with_operator);
    TerminalRig rig(svc, "KIOSK-S1-01");
    FailingPath failing(*rig.faulty, "/v1/heartbeat");
    sync::SyncEngine engine(*rig.store, failing, rig.clock, rig.board);
    const auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "hello"}});
    CHECK(engine.cycle() == sync::CycleResult::Synced);
    CHECK(failing.failed == 1);
    const auto status = rig.board.read();
    CHECK(status.online);
    CHECK(status.consecutive_failures == 0);
    CHECK(status.last_error.empty());
    CHECK(status.next_retry == 0);
    CHECK(engine.push_due());
    CHECK(engine.pull_due());
    CHECK(state_of(rig, note.command_id) == CommandState::Confirmed);
    CHECK(listed(svc, status.terminal_id)["health"].is_null());
    // Not retried at once: the next one waits for the interval.
    CHECK(engine.cycle() == sync::CycleResult::Synced);
    CHECK(failing.failed == 1);
}

TEST_CASE("a wipe sends the queue first, then leaves no customer data; another terminal goes on") {
    set_test_log_level();
    TestService svc(20, with_operator);
    TerminalRig a(svc, "KIOSK-S1-01");
    TerminalRig b(svc, "KIOSK-S1-02");
    a.sync_until_quiet();
    b.sync_until_quiet();
    REQUIRE(customer_rows(*a.store) > 0);
    const std::string a_id = a.board.read().terminal_id;

    // Queued while the link is down; the order arrives meanwhile.
    a.faulty->set_down(true);
    const auto note = queue(a, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "collect"}});
    const auto cancel = queue(a, ActionType::CancelOrder, "ORD-C0001-2", "C0001");
    CHECK(a.engine->cycle() == sync::CycleResult::Offline);
    order_wipe(svc, a_id);
    CHECK(a.engine->cycle() == sync::CycleResult::Offline);
    CHECK_FALSE(a.engine->wipe_ordered());
    CHECK(outbox_counts(*a.store).pending == 2);

    // Back online: the pull learns it, the queue reaches the service, then the data goes.
    a.faulty->set_down(false);
    a.clock.set(a.board.read().next_retry);
    CHECK(a.engine->pull() == sync::CycleResult::Revoked);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), note.command_id) == 1);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-2"), cancel.command_id) == 1);
    CHECK(customer_rows(*a.store) == 0);
    CHECK(count(*a.store, "SELECT COUNT(*) FROM outbox") <= 1);
    CHECK(count(*a.store, "SELECT COUNT(*) FROM outbox_attempts") == 0);
    CHECK(a.engine->revoked());
    const auto status = a.board.read();
    CHECK(status.wipe_ordered);
    CHECK(status.wiped);
    const json entry = listed(svc, a_id);
    CHECK(entry["wiped_at"].is_number());
    CHECK(entry["revoked_at"].is_number());
    CHECK(svc.get("/v1/changes", TestService::bearer(*a.store->token())).body["error"]["code"] ==
          "terminal_revoked");
    // It stays wiped across a restart and sends nothing.
    a.reconnect();
    CHECK(a.engine->revoked());
    CHECK(a.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(a.faulty->requests() == 0);

    // The other terminal is untouched and still syncs.
    CHECK(listed(svc, b.board.read().terminal_id)["wiped_at"].is_null());
    CHECK(customer_rows(*b.store) > 0);
    const auto other = queue(b, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "still here"}});
    b.sync_until_quiet();
    CHECK(state_of(b, other.command_id) == CommandState::Confirmed);
    CHECK_FALSE(b.engine->wipe_ordered());
}

TEST_CASE("a wipe interrupted before its report resumes after a restart") {
    set_test_log_level();
    TestService svc(20, with_operator);
    TerminalRig rig(svc, "KIOSK-S1-01");
    const std::string id = synced_then_ordered_wiped(svc, rig);
    {
        // The report does not get through: the data is gone here, the service still waits.
        FailingPath failing(*rig.faulty, "/v1/wipe/done");
        sync::SyncEngine engine(*rig.store, failing, rig.clock, rig.board);
        CHECK(engine.cycle() == sync::CycleResult::Offline);
        CHECK(engine.wipe_ordered());
        CHECK(customer_rows(*rig.store) == 0);
        CHECK(listed(svc, id)["wiped_at"].is_null());
    }
    // Restarted (the order is read back from the store) with the link whole.
    rig.reconnect();
    CHECK(rig.engine->wipe_ordered());
    CHECK_FALSE(rig.engine->revoked());
    CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(listed(svc, id)["wiped_at"].is_number());
    CHECK(rig.board.read().wiped);
}

TEST_CASE("a wipe order stored before a crash sends what was queued, then wipes, on restart") {
    set_test_log_level();
    TestService svc(20, with_operator);
    TerminalRig rig(svc, "KIOSK-S1-01");
    const std::string id = synced_then_ordered_wiped(svc, rig);
    const auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "late"}});
    // As the engine leaves it when it dies right after storing the order.
    rig.store->set_meta("wipe_ordered_at", std::to_string(rig.clock.now()));
    rig.reconnect();
    CHECK(rig.engine->wipe_ordered());
    CHECK(rig.board.read().wipe_ordered);
    CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), note.command_id) == 1);
    CHECK(customer_rows(*rig.store) == 0);
    CHECK(listed(svc, id)["wiped_at"].is_number());
}
