// A faulty network between terminal and service: at least 2,000 commands through dropped
// requests, answers lost after commit, 500/502/503/429, bodies cut mid-way and slow answers.
// Each command must be applied exactly once and the terminal's cache must equal the service's
// state for every case in its scope.

#include <doctest/doctest.h>

#include <map>
#include <random>

#include "sync_rig.hpp"

using namespace tp;
using namespace tp::test;

namespace {

std::vector<std::string> cached_case_ids(Store& store) {
    std::vector<std::string> ids;
    auto q = store.db().prepare("SELECT id FROM cases ORDER BY id");
    while (q.step()) ids.push_back(q.text(0));
    return ids;
}

}  // namespace

TEST_CASE("2,000 commands through a faulty network: each applied once, cache equals service") {
    TestService svc(20);
    TerminalRig rig(svc, "KIOSK-S1-01", 20260611);
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);

    // Open, non-closed cases of the store: notes on them are always applied.
    std::vector<std::pair<std::string, std::string>> targets;  // case, customer
    {
        auto q = rig.store->db().prepare(
            "SELECT id, customer_id FROM cases WHERE status NOT IN ('closed', 'cancelled') "
            "ORDER BY id LIMIT 40");
        while (q.step()) targets.emplace_back(q.text(0), q.text(1));
    }
    REQUIRE(targets.size() >= 10);

    FaultRates faults;
    faults.drop_request = 0.06;
    faults.drop_response = 0.06;
    faults.gateway_error = 0.06;
    faults.rate_limited = 0.03;
    faults.truncate = 0.06;
    faults.delay = 0.05;
    faults.delay_ms = 5;
    rig.faulty->set_rates(faults);
    sync::EngineConfig small_batches;
    small_batches.batch_size = 10;
    small_batches.seed = 20260611;
    rig.engine = std::make_unique<sync::SyncEngine>(*rig.store, *rig.faulty, rig.clock, rig.board,
                                                    small_batches);

    constexpr int kCommands = 2000;
    std::mt19937 rng(42);
    std::map<std::string, std::string> case_of;  // command id -> case id
    for (int i = 0; i < kCommands; ++i) {
        const auto& [case_id, customer_id] = targets[rng() % targets.size()];
        auto recorded = record_command(
            *rig.store,
            draft(ActionType::AddNote, case_id, customer_id, {{"text", "soak " + std::to_string(i)}}),
            rig.clock.now());
        REQUIRE(recorded.ok());
        case_of[recorded->command_id] = case_id;
        if (i % 97 == 0) (void)rig.engine->cycle();  // sync while commands keep coming
    }
    rig.sync_until_quiet(5000);
    CHECK(rig.faulty->faults_injected() > 50);

    rig.faulty->set_rates({});
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    CHECK(outbox_counts(*rig.store).pending == 0);
    CHECK(outbox_counts(*rig.store).refused == 0);

    std::map<std::string, json> service_cases;
    for (const auto& id : cached_case_ids(*rig.store)) service_cases[id] = service_case(svc, id);
    int applied = 0;
    for (const auto& [command_id, case_id] : case_of) {
        const int n = events_for_command(service_cases[case_id], command_id);
        if (n != 1) FAIL_CHECK("command " << command_id << " applied " << n << " times");
        applied += n;
    }
    CHECK(applied == kCommands);
    for (const auto& [id, on_service] : service_cases) {
        INFO("case " << id);
        CHECK(rig.cached_case(id) == on_service);
    }
}
