// Middleboxes between two kiosks and the service (docs/sync-protocol.md §2): 3,000 commands from
// KIOSK-S1-01 and KIOSK-S1-02 through HTML 404/400/502 pages, empty 200s (before and after the
// service committed), protocol-shaped errors for other requests, 200s whose results name other
// commands, JSON that is not the service's, plus the plain network faults and a token expiry.
// Afterwards, with the faults off: no command lost (each confirmed or refused, none pending or
// held), none doubled (one timeline event each on the service), none refused that the service
// did not refuse (and none confirmed that it refused), every cache equals the service, and a
// change another channel made mid-run reached both caches.
//
// Prints one line: commands, refusals by code, runtime, requests and faults injected per kind.
// TOUCHPOINT_TEST_LOG=debug (or info, warn) shows the engine's log; the default is error. The
// databases go to /dev/shm unless TMPDIR is set (test_env.hpp).

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "sync_rig.hpp"
#include "test_env.hpp"

using namespace tp;
using namespace tp::test;

namespace {

struct Issued {
    std::string command_id;
    std::string case_id;
    ActionType action;
    int terminal;
};

std::vector<std::string> cached_case_ids(Store& store) {
    std::vector<std::string> ids;
    auto q = store.db().prepare("SELECT id FROM cases ORDER BY id");
    while (q.step()) ids.push_back(q.text(0));
    return ids;
}

// Timeline events of `case_json` whose text contains `text`.
int notes_with(const json& case_json, const std::string& text) {
    int n = 0;
    if (case_json.contains("timeline"))
        for (const auto& e : case_json["timeline"])
            if (e.value("text", std::string()).find(text) != std::string::npos) ++n;
    return n;
}

// Syncs every rig until all are quiet together: one rig's last push reaches the others' caches.
void settle(std::vector<TerminalRig*> rigs) {
    for (int round = 0; round < 10; ++round) {
        bool quiet = true;
        for (auto* rig : rigs) {
            if (rig->sync_until_quiet(5000) > 1) quiet = false;
        }
        if (quiet) return;
    }
    FAIL("the terminals did not settle together");
}

}  // namespace

TEST_CASE(
    "3,000 commands from two kiosks through middleboxes: none lost, doubled or wrongly "
    "refused; caches equal the service") {
    set_test_log_level();
    use_memory_tmpdir();
    const auto started = std::chrono::steady_clock::now();
    TestService svc(20);
    TerminalRig a(svc, "KIOSK-S1-01", 20260901);
    TerminalRig b(svc, "KIOSK-S1-02", 20260902);
    std::vector<TerminalRig*> rigs{&a, &b};
    for (auto* rig : rigs) REQUIRE(rig->engine->cycle() == sync::CycleResult::Synced);

    // Open cases of the store take the notes; orders in every state take cancellations and
    // delivery changes (placed ones apply, shipped, delivered and cancelled ones are refused, and
    // notes on a cancelled order are refused too). One more open case is left to the call center.
    std::vector<std::pair<std::string, std::string>> note_targets, order_targets;
    std::string channel_case;
    {
        auto q =
            a.store->db().prepare("SELECT id, customer_id, kind, status FROM cases ORDER BY id");
        while (q.step()) {
            const std::string id = q.text(0), customer = q.text(1), kind = q.text(2),
                              status = q.text(3);
            if (kind == "order") order_targets.emplace_back(id, customer);
            if (status == "closed" || status == "cancelled") continue;
            if (kind != "order" && channel_case.empty()) {
                channel_case = id;
                continue;
            }
            if (note_targets.size() < 40) note_targets.emplace_back(id, customer);
        }
    }
    REQUIRE(note_targets.size() >= 20);
    REQUIRE(order_targets.size() >= 5);
    REQUIRE_FALSE(channel_case.empty());
    if (order_targets.size() > 12) order_targets.resize(12);

    FaultRates faults = FaultRates::middleboxes(0.03);
    faults.drop_request = 0.03;
    faults.drop_response = 0.03;
    faults.gateway_error = 0.02;
    faults.rate_limited = 0.02;
    faults.truncate = 0.03;
    faults.delay = 0.02;
    faults.delay_ms = 2;
    for (auto* rig : rigs) {
        rig->faulty->set_rates(faults);
        sync::EngineConfig small_batches;
        small_batches.batch_size = 10;
        small_batches.page_limit = 50;
        small_batches.seed = rig == &a ? 11 : 12;
        rig->engine = std::make_unique<sync::SyncEngine>(*rig->store, *rig->faulty, rig->clock,
                                                         rig->board, small_batches);
    }

    constexpr int kCommands = 3000;
    const std::string channel_note = "Call center: mid-run note";
    std::mt19937 rng(20260903);
    std::vector<Issued> issued;
    for (int i = 0; i < kCommands; ++i) {
        const int t = static_cast<int>(rng() % 2);
        TerminalRig& rig = *rigs[t];
        const unsigned roll = rng() % 100;
        CommandDraft d;
        if (roll < 5) {
            const auto& [case_id, customer] = order_targets[rng() % order_targets.size()];
            d = draft(ActionType::CancelOrder, case_id, customer);
        } else if (roll < 10) {
            const auto& [case_id, customer] = order_targets[rng() % order_targets.size()];
            d = draft(ActionType::ChangeDelivery, case_id, customer,
                      {{"address", "Calle Mayor " + std::to_string(i)}});
        } else {
            const auto& [case_id, customer] = note_targets[rng() % note_targets.size()];
            d = draft(ActionType::AddNote, case_id, customer,
                      {{"text", "middlebox soak " + std::to_string(i)}});
        }
        auto recorded = record_command(*rig.store, d, rig.clock.now());
        REQUIRE(recorded.ok());
        issued.push_back({recorded->command_id, d.case_id, d.action, t});

        if (i == kCommands / 2) {
            // Another channel, mid-run: the feed must bring it to both kiosks through the faults.
            const json r = svc.channel_command(channel_case, "add_note", {{"text", channel_note}});
            REQUIRE(r["result"]["status"] == "applied");
            // And the tokens expire: both kiosks renew through the same middleboxes.
            svc.clock().advance(25 * service::testing::kHour);
        }
        if (i % 40 == 39) {
            for (auto* r : rigs) {
                if (!r->engine->due()) r->clock.set(r->board.read().next_retry);
                (void)r->engine->cycle();
            }
        }
    }
    for (auto* rig : rigs) rig->sync_until_quiet(5000);
    // The feed kept flowing through the faults: the call center's note already arrived.
    for (auto* rig : rigs) CHECK(notes_with(rig->cached_case(channel_case), channel_note) == 1);

    FaultCounts injected;
    int requests = 0;
    for (auto* rig : rigs) {
        injected += rig->faulty->counts();
        requests += rig->faulty->requests();
    }
    for (auto* rig : rigs) rig->faulty->set_rates({});
    settle(rigs);

    // Every kind of fault happened, else this test proves nothing about it.
    for (int k = 0; k < FaultCounts::kKinds; ++k) {
        INFO("fault kind " << to_string(static_cast<FaultKind>(k)));
        CHECK(injected.injected[k] >= 5);
    }
    CHECK(injected.sent_on[static_cast<int>(FaultKind::Empty200)] > 0);
    CHECK(injected.sent_on[static_cast<int>(FaultKind::Empty200)] < injected[FaultKind::Empty200]);

    // Nothing lost: every command decided, none pending, none held.
    for (auto* rig : rigs) {
        const auto counts = outbox_counts(*rig->store);
        CHECK(counts.pending == 0);
        CHECK(counts.held == 0);
    }
    std::map<std::string, json> on_service;
    for (auto* rig : rigs)
        for (const auto& id : cached_case_ids(*rig->store))
            if (!on_service.count(id)) on_service[id] = service_case(svc, id);

    int confirmed = 0, refused = 0;
    std::map<std::string, int> refusal_codes;
    std::vector<std::vector<OutboxEntry>> entries(rigs.size());
    for (const auto& c : issued) {
        INFO("command " << c.command_id << " on " << c.case_id << " from terminal " << c.terminal);
        auto entry = find_command(*rigs[c.terminal]->store, c.command_id);
        REQUIRE(entry.has_value());
        const bool is_refused = entry->state == CommandState::Refused;
        CHECK((entry->state == CommandState::Confirmed || is_refused));
        if (entry->state == CommandState::Confirmed) ++confirmed;
        if (is_refused) {
            ++refused;
            REQUIRE(entry->result.has_value());
            ++refusal_codes[entry->result->code];
        }
        entries[c.terminal].push_back(*entry);
        // Nothing doubled, nothing lost on the service: one event per command, applied or refused.
        const json& timeline = on_service[c.case_id]["timeline"];
        int events = 0;
        std::string kind;
        for (const auto& e : timeline)
            if (e.value("command_id", std::string()) == c.command_id) {
                ++events;
                kind = e.value("kind", std::string());
            }
        CHECK(events == 1);
        // Refused here exactly when the service refused it.
        CHECK((kind == "refused") == is_refused);
        if (!is_refused) CHECK(kind == std::string(spec(c.action).wire_name));
    }
    CHECK(confirmed + refused == kCommands);
    CHECK(refused >= 30);  // real refusals happened
    CHECK(confirmed >= 2000);

    // The service's own recorded answer to each command, asked again (a resend is harmless: it
    // returns the stored result and applies nothing), agrees with what each kiosk recorded.
    for (std::size_t t = 0; t < rigs.size(); ++t) {
        auto plain = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
        sync::ServiceClient client(*plain);
        client.set_token(rigs[t]->store->token().value_or(""));
        const auto& mine = entries[t];
        for (std::size_t from = 0; from < mine.size(); from += 100) {
            std::vector<OutboxEntry> batch(
                mine.begin() + static_cast<std::ptrdiff_t>(from),
                mine.begin() + static_cast<std::ptrdiff_t>(std::min(from + 100, mine.size())));
            auto answer = client.push(batch);
            REQUIRE(answer.ok());
            CHECK(answer->retry.empty());
            std::map<std::string, CommandResult> theirs(answer->answered.begin(),
                                                        answer->answered.end());
            for (const auto& e : batch) {
                INFO("command " << e.command_id);
                REQUIRE(theirs.count(e.command_id));
                const auto& service_says = theirs[e.command_id];
                CHECK(service_says.status ==
                      (e.state == CommandState::Refused ? "refused" : "applied"));
                REQUIRE(e.result.has_value());
                CHECK(service_says.code == e.result->code);
            }
        }
    }

    // Converged: each kiosk's copy of every case it holds is the service's.
    for (std::size_t t = 0; t < rigs.size(); ++t) {
        for (const auto& id : cached_case_ids(*rigs[t]->store)) {
            INFO("terminal " << t << ", case " << id);
            CHECK(rigs[t]->cached_case(id) == service_case(svc, id));
        }
        // The call center's mid-run note is in the cache, once.
        CHECK(notes_with(rigs[t]->cached_case(channel_case), channel_note) == 1);
    }

    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::ostringstream codes;
    for (const auto& [code, n] : refusal_codes) codes << ' ' << code << '=' << n;
    std::cout << "middlebox soak: " << kCommands << " commands (" << confirmed << " confirmed, "
              << refused << " refused:" << codes.str() << ") in " << seconds << " s; " << requests
              << " requests; faults: " << injected.summary() << '\n';
}
