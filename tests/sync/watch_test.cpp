// `touchpoint sync --watch` between cycles waits on a long poll of the feed: a change made by
// another channel, or a command another process queues, is synced at once however long the
// pause between tries (--interval) is; a signal ends the watch. A bootstrap read page by page,
// each next page asked for while the last is applied, gives the whole scope.

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <future>
#include <thread>

#include "sync_rig.hpp"
#include "touchpoint/sync/cli.hpp"

namespace tp::test {
namespace {

using namespace std::chrono_literals;

std::int64_t cached_version(const std::string& db, const std::string& case_id) {
    auto store = Store::open(db);
    REQUIRE(store.ok());
    auto q = (*store)->db().prepare("SELECT version FROM cases WHERE id = ?");
    q.bind(1, case_id);
    return q.step() ? q.int64(0) : -1;
}

// Polls `done` for up to 20 s; true once it holds.
template <typename Done>
bool eventually(Done done) {
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

}  // namespace

TEST_CASE(
    "sync --watch long-polls: a channel's change and a command queued elsewhere arrive at once") {
    TestService svc(10);
    service::testing::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    const std::string url = "http://127.0.0.1:" + std::to_string(svc.port());
    REQUIRE(sync::run_cli({"enroll", "--service", url, "--code", "KIOSK-S1-01", "--db", db}) == 0);
    REQUIRE(sync::run_cli({"sync", "--db", db}) == 0);
    const std::int64_t before = cached_version(db, "ORD-C0001-1");
    REQUIRE(before > 0);

    // A pause between tries far longer than the test: only the long poll can bring news.
    auto watch = std::async(std::launch::async, [&] {
        return sync::run_cli({"sync", "--watch", "--interval", "600000", "--db", db});
    });
    std::this_thread::sleep_for(300ms);  // the first cycle has run and the long poll waits

    const json after = svc.channel_command("ORD-C0001-1", "add_note", {{"text", "from the web"}});
    const std::int64_t version = after["case"]["version"].get<std::int64_t>();
    REQUIRE(version > before);
    CHECK(eventually([&] { return cached_version(db, "ORD-C0001-1") >= version; }));

    // A command queued by another process ends the long poll and is pushed.
    REQUIRE(sync::run_cli({"queue", "add_note", "--case", "ORD-C0001-1", "--payload",
                           R"({"text":"queued while watching"})", "--role", "rep", "--actor", "R1",
                           "--staff", "R1", "--db", db}) == 0);
    CHECK(eventually([&] {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        return outbox_counts(**store).pending == 0;
    }));
    CHECK(service_case(svc, "ORD-C0001-1")["version"].get<std::int64_t>() > version);

    std::raise(SIGINT);
    REQUIRE(watch.wait_for(20s) == std::future_status::ready);
    CHECK(watch.get() == sync::kExitOk);
}

TEST_CASE("a bootstrap over many small pages, each next one asked for during the apply, is whole") {
    TestService svc(40);
    TerminalRig rig(svc, "KIOSK-S1-01");
    sync::EngineConfig config;
    config.page_limit = 7;
    rig.engine =
        std::make_unique<sync::SyncEngine>(*rig.store, *rig.faulty, rig.clock, rig.board, config);
    REQUIRE(rig.engine->enrolled());
    REQUIRE(rig.engine->pull() == sync::CycleResult::Synced);

    const std::string token = rig.store->token().value_or("");
    std::string cursor;
    const auto feed = svc.drain_feed(token, cursor, 1000);
    std::map<std::string, std::set<std::string>> expected;
    for (const auto& c : feed)
        expected[c["type"].get<std::string>()].insert(c["id"].get<std::string>());
    const std::map<std::string, std::string> tables{
        {"customer", "customers"},       {"case", "cases"},   {"intray", "intray"},
        {"interaction", "interactions"}, {"offer", "offers"}, {"staff", "staff"}};
    for (const auto& [type, table] : tables) {
        CAPTURE(type);
        auto q = rig.store->db().prepare("SELECT id FROM " + table);
        std::set<std::string> cached;
        while (q.step()) cached.insert(q.text(0));
        CHECK(cached == expected[type]);
    }
    // After the catch-up (CatchUp, cache.hpp) SQLite checkpoints every 1,000 pages again.
    auto autocheckpoint = rig.store->db().prepare("PRAGMA wal_autocheckpoint");
    REQUIRE(autocheckpoint.step());
    CHECK(autocheckpoint.integer(0) == 1000);
    // Nothing new: the next pull changes nothing and keeps a cursor the service accepts.
    REQUIRE(rig.engine->pull() == sync::CycleResult::Synced);
    CHECK(rig.store->meta("cursor").has_value());
}

}  // namespace tp::test
