// Retention through the sync engine and `touchpoint sync`, against the real reference service
// over loopback.
//
// A week of a technician's tablet with a fake clock: every simulated hour a visit photo is queued
// and synced. Housekeeping (EngineConfig: answered commands kept two days, confirmed photos'
// bytes dropped at once, incremental vacuum) keeps the database under a bound that the photos
// alone exceed three times over — a terminal without retention holds every payload it queued.

#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "sync_rig.hpp"
#include "test_env.hpp"
#include "touchpoint/base64.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/outbox_retention.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/vacuum.hpp"

using namespace tp;
using namespace tp::test;
using tp::service::testing::kDay;
using tp::service::testing::kHour;

namespace {

constexpr const char* kVisit = "REP-C0002-1";  // T1's visit for C0002, of the terminal's store

// A photo of 24 KB, different every time.
json photo(int n) {
    std::string bytes(24'000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>((i * 131 + static_cast<std::size_t>(n) * 17) % 256);
    return {{"file_name", "visit-" + std::to_string(n) + ".jpg"},
            {"sha256", sha256_hex(bytes)},
            {"bytes_base64", base64_encode(bytes)}};
}

std::int64_t count(Store& store, const char* sql) {
    auto q = store.db().prepare(sql);
    REQUIRE(q.step());
    return q.int64(0);
}

// What run_cli printed on stdout, and its exit code.
struct CliRun {
    int exit_code = 0;
    std::string out;
};
CliRun cli(const std::vector<std::string>& args) {
    std::ostringstream captured;
    std::streambuf* was = std::cout.rdbuf(captured.rdbuf());
    CliRun r;
    r.exit_code = sync::run_cli(args);
    std::cout.rdbuf(was);
    r.out = captured.str();
    return r;
}

}  // namespace

TEST_CASE("touchpoint sync prunes by its flags; status says what is kept; a bad value changes nothing") {
    set_test_log_level();
    use_memory_tmpdir();
    TestService svc(20);
    service::testing::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    const std::string url = "http://127.0.0.1:" + std::to_string(svc.port());
    REQUIRE(cli({"enroll", "--service", url, "--code", "KIOSK-S1-02", "--db", db}).exit_code == 0);
    const std::vector<std::string> note = {"queue", "add_note", "--case", "ORD-C0001-1",
                                           "--payload", R"({"text":"kept"})", "--role", "rep",
                                           "--actor", "R1", "--staff", "R1", "--db", db};
    REQUIRE(cli(note).exit_code == 0);
    REQUIRE(cli(note).exit_code == 0);
    REQUIRE(cli({"sync", "--db", db}).exit_code == 0);
    for (const char* bad : {"-1", "3651", "ten", "1.5", ""}) {
        CAPTURE(bad);
        CHECK(cli({"sync", "--prune-after-days", bad, "--db", db}).exit_code == sync::kExitUsage);
    }
    for (const char* bad : {"-1", "87601", "1h", ""}) {
        CAPTURE(bad);
        CHECK(cli({"sync", "--drop-photos-after-hours", bad, "--db", db}).exit_code ==
              sync::kExitUsage);
    }
    // Both answers a month and a day old (the command line runs on the real clock).
    {
        auto store = Store::open(db);
        REQUIRE(store);
        (*store)->db().exec("UPDATE outbox SET answered_at = answered_at - 31 * 86400000");
    }
    CHECK(cli({"sync", "--prune-after-days", "0", "--db", db}).exit_code == 0);  // 0 keeps
    json kept = json::parse(cli({"status", "--json", "--db", db}).out);
    CHECK(kept["confirmed_kept"] == 2);
    CHECK(kept["pruned"] == 0);
    CHECK(cli({"sync", "--prune-after-days", "40", "--db", db}).exit_code == 0);
    CHECK(json::parse(cli({"status", "--json", "--db", db}).out)["confirmed_kept"] == 2);
    CHECK(cli({"sync", "--db", db}).exit_code == 0);  // 30 days by default
    json pruned = json::parse(cli({"status", "--json", "--db", db}).out);
    CHECK(pruned["confirmed_kept"] == 0);
    CHECK(pruned["pruned"] == 2);
    CHECK(pruned["last_seq"] == 2);
    CHECK(cli({"status", "--db", db}).out.find("confirmed: 0 kept here, 2 older answered commands "
                                                "pruned") != std::string::npos);
    // The next command follows the pruned ones, and the service takes it as new.
    const CliRun queued = cli(note);
    CHECK(queued.out.find(" seq 3\n") != std::string::npos);
    CHECK(cli({"sync", "--db", db}).exit_code == 0);
    const json again = json::parse(cli({"status", "--json", "--db", db}).out);
    CHECK(again["confirmed_kept"] == 1);
    CHECK(again["pending"] == 0);
    CHECK(again["refused"] == 0);
}

TEST_CASE("a week of hourly photos stays within a bounded database") {
    set_test_log_level();
    use_memory_tmpdir();
    TestService svc;
    TerminalRig rig(svc, "KIOSK-S1-01");
    sync::EngineConfig config;
    config.seed = 3;
    config.answered_command_retention = 2 * kDay;
    config.confirmed_photo_retention = 0;
    rig.engine = std::make_unique<sync::SyncEngine>(*rig.store, *rig.faulty, rig.clock, rig.board,
                                                    config);
    REQUIRE(rig.sync_until_quiet() >= 1);
    const std::int64_t baseline = database_bytes(rig.store->db());
    const std::int64_t bound = baseline + 1024 * 1024;

    std::int64_t queued_payload_bytes = 0;
    std::int64_t largest = 0;
    std::int64_t last_seq = 0;
    int photos = 0;
    for (int hour = 1; hour <= 7 * 24; ++hour) {
        CAPTURE(hour);
        rig.clock.advance(kHour);
        svc.clock().advance(kHour);
        CommandDraft d = draft(ActionType::VisitPhoto, kVisit, "C0002", photo(++photos),
                               Role::Technician, "T1");
        queued_payload_bytes += static_cast<std::int64_t>(d.payload.dump().size());
        auto recorded = record_command(*rig.store, d, rig.clock.now());
        REQUIRE(recorded.ok());
        CHECK(recorded->seq > last_seq);  // never a seq given before, pruned or not
        last_seq = recorded->seq;

        REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
        REQUIRE(outbox_counts(*rig.store).pending == 0);
        CHECK(count(*rig.store, "SELECT count(*) FROM outbox WHERE state = 'refused'") == 0);
        // Housekeeping ran after the pull: no confirmed photo keeps its bytes.
        CHECK(count(*rig.store,
                    "SELECT count(*) FROM outbox WHERE action = 'visit_photo' AND "
                    "json_type(payload, '$.bytes_base64') IS NOT NULL") == 0);
        largest = std::max(largest, database_bytes(rig.store->db()));
    }

    // Two days of rows, give or take the hour the last pruning ran.
    const std::int64_t rows = count(*rig.store, "SELECT count(*) FROM outbox");
    CHECK(rows <= 2 * 24 + 1);
    CHECK(rows >= 2 * 24);
    CHECK(answered_history(*rig.store).seq_high == last_seq);
    CHECK(answered_history(*rig.store).pruned == last_seq - rows);
    CHECK(count(*rig.store, "PRAGMA freelist_count") < 64 * 256);

    MESSAGE("database after bootstrap " << baseline << " B, largest during the week " << largest
                                        << " B, payloads queued " << queued_payload_bytes << " B");
    CHECK(largest < bound);
    // Without retention the outbox alone would hold every payload queued.
    CHECK(baseline + queued_payload_bytes > 3 * bound);
    // The file itself, once the WAL is checkpointed into it.
    rig.store->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK(static_cast<std::int64_t>(std::filesystem::file_size(rig.store->path())) < bound);

    // The service has every photo, once.
    const json visit = service_case(svc, kVisit);
    int photo_events = 0;
    for (const auto& e : visit["timeline"])
        if (e.value("kind", std::string()) == "visit_photo") ++photo_events;
    CHECK(photo_events == photos);
}
