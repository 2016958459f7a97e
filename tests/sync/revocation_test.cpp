// Revocation end to end over loopback (docs/security.md, "Revocation"): the operator disables a
// terminal; its next request fails terminal_revoked, the engine stops trying — across restarts —
// and keeps the outbox, which staff export to a file; `touchpoint sync` exits 8.

#include <sys/stat.h>

#include <fstream>

#include "sync_rig.hpp"
#include "test_env.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/sync/outbox_export.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr const char* kOperatorKey = "test-operator-key";

void revoke(TestService& svc, const std::string& terminal_id) {
    auto r = svc.post("/v1/terminals/" + terminal_id + "/revoke", std::string("{}"),
                      {{"X-Operator-Key", kOperatorKey}});
    REQUIRE(r.status == 200);
}

}  // namespace

TEST_CASE("a revoked terminal stops syncing at once and keeps its outbox for an export") {
    set_test_log_level();
    TestService svc(20, [](service::ServiceConfig& c) { c.operator_key = kOperatorKey; });
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.sync_until_quiet();
    const std::string terminal_id = rig.board.read().terminal_id;
    const auto note = queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001",
                            {{"text", "Customer will collect in store"}});
    const auto cancel = queue(rig, ActionType::CancelOrder, "ORD-C0001-2", "C0001");

    revoke(svc, terminal_id);
    const int before = rig.faulty->requests();
    CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(rig.faulty->requests() == before + 1);  // one request learned it; no renewal tried
    CHECK(rig.engine->revoked());
    const auto status = rig.board.read();
    CHECK(status.revoked);
    CHECK_FALSE(status.online);
    CHECK(status.last_error == "error.terminal_revoked");
    // Nothing was sent, nothing lost.
    CHECK(outbox_counts(*rig.store).pending == 2);
    CHECK(state_of(rig, note.command_id) == CommandState::Pending);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), note.command_id) == 0);

    // It stops trying: no request however often it is asked, and after a restart.
    for (int i = 0; i < 5; ++i) CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(rig.engine->push() == sync::CycleResult::Revoked);
    CHECK(rig.engine->pull(25) == sync::CycleResult::Revoked);
    rig.reconnect();
    CHECK(rig.engine->revoked());
    CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(rig.faulty->requests() == 0);
    CHECK(rig.board.read().revoked);

    // Staff export what waits; the file is the staff's only, and never overwritten.
    const std::string file = rig.dir.file("outbox-export.json");
    auto exported = sync::export_outbox(*rig.store, file, rig.clock.now());
    REQUIRE(exported.ok());
    CHECK(*exported == 2);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    json doc = json::parse(std::ifstream(file));
    CHECK(doc["format"] == "touchpoint-outbox-export");
    CHECK(doc["terminal_id"] == terminal_id);
    REQUIRE(doc["commands"].size() == 2);
    CHECK(doc["commands"][0]["command_id"] == note.command_id);
    CHECK(doc["commands"][0]["payload"]["text"] == "Customer will collect in store");
    CHECK(doc["commands"][0]["state"] == "pending");
    CHECK(doc["commands"][1]["command_id"] == cancel.command_id);
    auto again = sync::export_outbox(*rig.store, file, rig.clock.now());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::InvalidInput);
    CHECK(outbox_counts(*rig.store).pending == 2);  // exporting keeps the outbox as it was
}

TEST_CASE("an expired token of a revoked terminal is not renewed") {
    set_test_log_level();
    TestService svc(20, [](service::ServiceConfig& c) { c.operator_key = kOperatorKey; });
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.sync_until_quiet();
    svc.clock().advance(2 * service::testing::kDay);  // the token expired: the next call renews
    revoke(svc, rig.board.read().terminal_id);
    queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "after expiry"}});
    CHECK(rig.engine->cycle() == sync::CycleResult::Revoked);
    CHECK(outbox_counts(*rig.store).pending == 1);
}

TEST_CASE("touchpoint sync exits 8 once revoked; outbox export writes the file; enrolling again "
          "syncs") {
    set_test_log_level();
    TestService svc(20, [](service::ServiceConfig& c) { c.operator_key = kOperatorKey; });
    service::testing::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    const std::string url = "http://127.0.0.1:" + std::to_string(svc.port());
    REQUIRE(sync::run_cli({"enroll", "--service", url, "--code", "KIOSK-S1-02", "--db", db}) == 0);
    REQUIRE(sync::run_cli({"sync", "--db", db}) == 0);
    REQUIRE(sync::run_cli({"queue", "add_note", "--case", "ORD-C0001-1", "--payload",
                           R"({"text":"kept"})", "--role", "rep", "--actor", "R1", "--staff", "R1",
                           "--db", db}) == 0);
    std::string terminal_id;
    {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        terminal_id = (*store)->meta("terminal_id").value_or("");
    }
    revoke(svc, terminal_id);
    CHECK(sync::run_cli({"sync", "--db", db}) == sync::kExitRevoked);
    CHECK(sync::run_cli({"sync", "--db", db}) == sync::kExitRevoked);  // without asking again
    CHECK(sync::run_cli({"sync", "--watch", "--db", db}) == sync::kExitRevoked);
    const std::string file = dir.file("export.json");
    CHECK(sync::run_cli({"outbox", "export", file, "--db", db}) == 0);
    CHECK(json::parse(std::ifstream(file))["commands"].size() == 1);
    CHECK(sync::run_cli({"outbox", "export", file, "--db", db}) == sync::kExitInvalid);
    CHECK(sync::run_cli({"outbox", "--db", db}) == sync::kExitUsage);

    // Enrolled again with a new code, the terminal syncs its kept outbox.
    REQUIRE(sync::run_cli({"enroll", "--service", url, "--code", "KIOSK-S1-03", "--db", db}) == 0);
    CHECK(sync::run_cli({"sync", "--db", db}) == 0);
    auto store = Store::open(db);
    REQUIRE(store.ok());
    CHECK(outbox_counts(**store).pending == 0);
}
