#pragma once
// A terminal wired to the real reference service over loopback HTTP: its own store in a
// temporary directory, the libcurl transport behind a fault-injecting decorator, a fake clock
// for the engine's backoff, and the engine itself, enrolled.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "../service/service_fixture.hpp"
#include "faulty_transport.hpp"
#include "touchpoint/cache.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync/engine.hpp"
#include "touchpoint/terminal.hpp"

namespace tp::test {

using service::testing::TestService;
using nlohmann::json;

struct TerminalRig {
    TerminalRig(TestService& svc, const std::string& code, std::uint64_t seed = 1)
        : service(svc) {
        auto opened = Store::open(dir.file("terminal.db"));
        if (!opened) FAIL(opened.error().key << " " << opened.error().detail);
        store = std::move(*opened);
        curl = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
        faulty = std::make_unique<FaultyTransport>(*curl, seed);
        sync::EngineConfig config;
        config.seed = seed;
        config.batch_size = 50;
        engine = std::make_unique<sync::SyncEngine>(*store, *faulty, clock, board, config);
        REQUIRE(engine->enroll(code, "test terminal").ok());
    }

    // Points the transport at the service again (after a restart on a new port).
    void reconnect() {
        curl = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(service.port()));
        faulty = std::make_unique<FaultyTransport>(*curl, 7);
        sync::EngineConfig config;
        engine = std::make_unique<sync::SyncEngine>(*store, *faulty, clock, board, config);
    }

    // Cycles, moving the fake clock past each backoff, until the outbox is empty and the feed
    // is drained, or `max_cycles` ran out. Returns the number of cycles.
    int sync_until_quiet(int max_cycles = 2000) {
        for (int i = 1; i <= max_cycles; ++i) {
            if (!engine->due()) clock.set(board.read().next_retry);
            if (engine->cycle() == sync::CycleResult::Synced && outbox_counts(*store).pending == 0)
                return i;
        }
        FAIL("the engine did not settle");
        return max_cycles;
    }

    json cached_case(const std::string& id) {
        auto q = store->db().prepare("SELECT data FROM cases WHERE id = ?");
        q.bind(1, id);
        return q.step() ? json::parse(q.text(0)) : json();
    }

    TestService& service;
    service::testing::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<sync::Transport> curl;
    std::unique_ptr<FaultyTransport> faulty;
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<sync::SyncEngine> engine;
};

// The service's view of a case, through the channel API.
inline json service_case(TestService& svc, const std::string& id) {
    auto r = svc.get("/v1/cases/" + id, TestService::channel());
    REQUIRE(r.status == 200);
    return r.body["case"];
}

// How many timeline events of a case the command with `command_id` produced on the service.
inline int events_for_command(const json& case_json, const std::string& command_id) {
    int n = 0;
    for (const auto& e : case_json["timeline"])
        if (e.value("command_id", std::string()) == command_id) ++n;
    return n;
}

inline CommandDraft draft(ActionType action, const std::string& case_id,
                          const std::string& customer_id, json payload = json::object(),
                          Role role = Role::Rep, const std::string& actor = "R1") {
    CommandDraft d;
    d.action = action;
    d.case_id = case_id;
    d.customer_id = customer_id;
    d.payload = std::move(payload);
    d.role = role;
    d.actor_id = actor;
    d.staff_id = role == Role::Rep ? actor : "";
    return d;
}

// Records a command on the rig's store now; the test fails if it cannot.
inline OutboxEntry queue(TerminalRig& rig, ActionType action, const std::string& case_id,
                         const std::string& customer_id, json payload = json::object()) {
    auto recorded = record_command(*rig.store, draft(action, case_id, customer_id, payload),
                                   rig.clock.now());
    REQUIRE(recorded.ok());
    return *recorded;
}

inline CommandState state_of(TerminalRig& rig, const std::string& command_id) {
    auto entry = find_command(*rig.store, command_id);
    REQUIRE(entry.has_value());
    return entry->state;
}

}  // namespace tp::test
