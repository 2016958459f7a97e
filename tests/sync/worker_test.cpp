// The sync worker on its thread against the real service: a change made on another channel
// reaches an online terminal's local state within a second (long poll), and a command queued
// while the worker waits is pushed without waiting for the poll to time out.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "sync_rig.hpp"
#include "touchpoint/sync/worker.hpp"

using namespace tp;
using namespace tp::test;
using Steady = std::chrono::steady_clock;

namespace {

// Polls `done` every 5 ms for up to `limit`; returns the time it took, or limit if never.
template <typename Done>
std::chrono::milliseconds time_until(Done done, std::chrono::milliseconds limit) {
    const auto start = Steady::now();
    while (Steady::now() - start < limit) {
        if (done()) return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return limit;
}

}  // namespace

TEST_CASE("another channel's change reaches the online terminal within a second") {
    TestService svc(10);
    service::testing::TempDir dir;
    const std::string db_path = dir.file("terminal.db");
    const std::string url = "http://127.0.0.1:" + std::to_string(svc.port());

    auto store = Store::open(db_path);
    REQUIRE(store.ok());
    auto transport = sync::make_curl_transport(url);
    SystemClock clock;
    StatusBoard board;
    auto engine = std::make_unique<sync::SyncEngine>(**store, *transport, clock, board);
    REQUIRE(engine->enroll("KIOSK-S1-03", "worker test").ok());
    sync::SyncWorker worker(std::move(engine), *transport);
    worker.start();

    // A second connection reads what the UI thread would read.
    auto reader = Store::open(db_path);
    REQUIRE(reader.ok());
    REQUIRE(time_until([&] { return board.read().online && load_customer(**reader, "C0001"); },
                       std::chrono::seconds(10)) < std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is long-polling

    svc.channel_command("ORD-C0001-3", "ship_order");
    const auto seen = time_until(
        [&] {
            auto v = load_case_view(**reader, "ORD-C0001-3");
            return v && v->summary.data.status == "shipped";
        },
        std::chrono::seconds(5));
    MESSAGE("call center change visible on the terminal after " << seen.count() << " ms");
    CHECK(seen < std::chrono::seconds(1));

    // A new command interrupts the long poll and is confirmed promptly.
    auto note = record_command(**reader,
                               draft(ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "now"}}),
                               clock.now());
    REQUIRE(note.ok());
    worker.notify();
    const auto confirmed = time_until(
        [&] {
            auto e = find_command(**reader, note->command_id);
            return e && e->state == CommandState::Confirmed;
        },
        std::chrono::seconds(10));
    CHECK(confirmed < std::chrono::seconds(5));
    worker.stop();
}
