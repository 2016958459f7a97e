// Deterministic simulation of the sync engine: for each seed, a random mix of terminal actions,
// other-channel changes, outages and network faults, driven by a fake clock. At the end every
// command is answered exactly once, lanes kept their order, and the cache equals the service.
// A failing seed is printed; rerun it alone with TOUCHPOINT_SIM_SEED=<seed>.
// TOUCHPOINT_SIM_SEEDS=<n> runs more seeds (default 12).

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <random>

#include "sync_rig.hpp"

using namespace tp;
using namespace tp::test;

namespace {

struct Issued {
    std::string command_id;
    std::string case_id;
    std::int64_t seq;
};

void run_seed(std::uint64_t seed) {
    CAPTURE(seed);
    TestService svc(8);
    TerminalRig rig(svc, "KIOSK-S1-01", seed);
    std::mt19937_64 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

    while (rig.engine->cycle() != sync::CycleResult::Synced) rig.clock.advance(60'000);
    std::vector<std::pair<std::string, std::string>> cases;
    {
        auto q = rig.store->db().prepare("SELECT id, customer_id FROM cases ORDER BY id");
        while (q.step()) cases.emplace_back(q.text(0), q.text(1));
    }
    REQUIRE_FALSE(cases.empty());

    FaultRates faults;
    faults.drop_request = 0.1;
    faults.drop_response = 0.1;
    faults.gateway_error = 0.05;
    faults.truncate = 0.05;
    rig.faulty->set_rates(faults);

    std::vector<Issued> issued;
    static constexpr ActionType kActions[] = {ActionType::AddNote, ActionType::AddNote,
                                              ActionType::CancelOrder, ActionType::ChangeDelivery,
                                              ActionType::StartReturn};
    for (int step = 0; step < 120; ++step) {
        const auto& [case_id, customer_id] = cases[rng() % cases.size()];
        if (chance(0.45)) {
            const ActionType action = kActions[rng() % std::size(kActions)];
            json payload = json::object();
            if (action == ActionType::AddNote) payload["text"] = "sim " + std::to_string(step);
            if (action == ActionType::ChangeDelivery) payload["address"] = "Calle Mayor 1";
            if (action == ActionType::StartReturn) payload["reason"] = "Does not fit";
            auto r = record_command(*rig.store, draft(action, case_id, customer_id, payload),
                                    rig.clock.now());
            REQUIRE(r.ok());
            issued.push_back({r->command_id, case_id, r->seq});
        }
        if (chance(0.1)) {
            static constexpr const char* kOps[] = {"ship_order", "deliver_order", "add_note"};
            const char* op = kOps[rng() % 3];
            json payload = json::object();
            if (std::string(op) == "add_note") payload["text"] = "from the call center";
            svc.channel_command(case_id, op, payload);
        }
        if (chance(0.05)) rig.faulty->set_down(!chance(0.5));
        rig.clock.advance(static_cast<Millis>(rng() % 3000));
        if (rig.engine->due()) (void)rig.engine->cycle();
    }

    rig.faulty->set_down(false);
    rig.sync_until_quiet();
    rig.faulty->set_rates({});
    REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);

    CHECK(outbox_counts(*rig.store).pending == 0);
    std::map<std::string, json> on_service;
    for (const auto& [id, customer] : cases) on_service[id] = service_case(svc, id);
    std::map<std::string, std::int64_t> last_seq_on_case;
    for (const auto& c : issued) {
        auto entry = find_command(*rig.store, c.command_id);
        REQUIRE(entry.has_value());
        CHECK(entry->state != CommandState::Pending);
        // Every command, applied or refused, leaves exactly one event on its case.
        CHECK(events_for_command(on_service[c.case_id], c.command_id) == 1);
    }
    // Lane order: the case's events for this terminal's commands appear in seq order.
    std::map<std::string, std::int64_t> seq_of;
    for (const auto& c : issued) seq_of[c.command_id] = c.seq;
    for (const auto& [id, case_json] : on_service) {
        std::int64_t last = 0;
        for (const auto& e : case_json["timeline"]) {
            auto it = seq_of.find(e.value("command_id", std::string()));
            if (it == seq_of.end()) continue;
            CHECK(it->second > last);
            last = it->second;
        }
        INFO("case " << id);
        CHECK(rig.cached_case(id) == case_json);
    }
}

}  // namespace

TEST_CASE("deterministic simulation over many seeds") {
    if (const char* one = std::getenv("TOUCHPOINT_SIM_SEED")) {
        run_seed(std::strtoull(one, nullptr, 10));
        return;
    }
    const char* many = std::getenv("TOUCHPOINT_SIM_SEEDS");
    const int seeds = many ? std::atoi(many) : 12;
    for (int s = 1; s <= seeds; ++s) {
        const std::uint64_t seed = 1000 + static_cast<std::uint64_t>(s);
        run_seed(seed);
    }
}
