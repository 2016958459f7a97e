// Every way a terminal used to wedge, tried from outside against the real service: a middlebox
// that answers 404/400 with HTML, a command the service calls invalid, a damaged outbox row, a
// renewal while the disk is full, enrolling again on the same database, and a new command while
// a slow push is in flight. Nothing may be lost, refused on the terminal's own say, or stop the
// feed.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include "sync_rig.hpp"
#include "touchpoint/sync/worker.hpp"

using namespace tp;
using namespace tp::test;

namespace {

// Answers a request itself when `intercept` returns a response; otherwise sends it on. `delay_ms`
// slows every push down.
class ScriptedTransport final : public sync::Transport {
  public:
    using Intercept = std::function<std::optional<sync::HttpResponse>(const sync::HttpRequest&)>;
    explicit ScriptedTransport(sync::Transport& inner) : inner_(inner) {}
    Intercept intercept;
    std::atomic<int> push_delay_ms{0};
    std::atomic<int> pushes_done{0};

    Result<sync::HttpResponse> send(const sync::HttpRequest& request) override {
        if (intercept)
            if (auto answer = intercept(request)) return *answer;
        const bool push = request.path == "/v1/commands";
        if (push && push_delay_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(push_delay_ms.load()));
        auto answer = inner_.send(request);
        if (push) ++pushes_done;
        return answer;
    }
    void wake() override { inner_.wake(); }

  private:
    sync::Transport& inner_;
};

sync::HttpResponse html(int status) {
    return {status, "<html><body><h1>Not Found</h1>The requested URL was not found.</body></html>"};
}

std::string request_id_of(const sync::HttpRequest& request) {
    auto it = request.headers.find("X-Request-Id");
    return it == request.headers.end() ? "" : it->second;
}


struct ScriptedRig {
    explicit ScriptedRig(TestService& svc, const std::string& code = "KIOSK-S1-01")
        : rig(svc, code) {
        scripted = std::make_unique<ScriptedTransport>(*rig.curl);
        rebuild_engine();
        REQUIRE(rig.engine->cycle() == sync::CycleResult::Synced);
    }
    void rebuild_engine() {
        rig.engine = std::make_unique<sync::SyncEngine>(*rig.store, *scripted, rig.clock, rig.board);
    }
    TerminalRig rig;
    std::unique_ptr<ScriptedTransport> scripted;
};

}  // namespace

TEST_CASE("a proxy answering 404 or 400 with HTML refuses nothing; the commands go through later") {
    TestService svc(10);
    ScriptedRig s(svc);
    std::atomic<int> html_answers{0};
    s.scripted->intercept = [&](const sync::HttpRequest& r) -> std::optional<sync::HttpResponse> {
        if (r.path != "/v1/commands" || html_answers >= 6) return std::nullopt;
        return html(html_answers++ % 2 ? 400 : 404);
    };
    auto first = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "one"}});
    auto second = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "two"}});
    for (int i = 0; i < 3; ++i) {
        CHECK(s.rig.engine->cycle() != sync::CycleResult::Synced);
        CHECK(state_of(s.rig, first.command_id) == CommandState::Pending);
        CHECK(state_of(s.rig, second.command_id) == CommandState::Pending);
        CHECK(outbox_counts(*s.rig.store).refused == 0);
    }
    s.rig.sync_until_quiet();
    CHECK(html_answers == 6);
    CHECK(state_of(s.rig, first.command_id) == CommandState::Confirmed);
    CHECK(state_of(s.rig, second.command_id) == CommandState::Confirmed);
    const json on_service = service_case(svc, "ORD-C0001-1");
    CHECK(events_for_command(on_service, first.command_id) == 1);
    CHECK(events_for_command(on_service, second.command_id) == 1);
}

TEST_CASE("a 4xx shaped like the protocol but for another request is transient") {
    TestService svc(10);
    ScriptedRig s(svc);
    int answered = 0;
    s.scripted->intercept = [&](const sync::HttpRequest& r) -> std::optional<sync::HttpResponse> {
        if (r.path != "/v1/commands" || answered >= 2) return std::nullopt;
        ++answered;
        json body{{"error", {{"code", "invalid"}, {"message", "x"}}}};
        if (answered == 2) body["error"]["request_id"] = "someone-else";
        return sync::HttpResponse{400, body.dump()};
    };
    auto note = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "mine"}});
    s.rig.sync_until_quiet();
    CHECK(answered == 2);
    CHECK(state_of(s.rig, note.command_id) == CommandState::Confirmed);
    CHECK(outbox_counts(*s.rig.store).held == 0);
}

TEST_CASE("a command the service calls invalid is held for staff, never refused, and blocks nothing") {
    TestService svc(10);
    ScriptedRig s(svc);
    auto bad = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "the bad one"}});
    auto after = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "after it"}});
    auto other = queue(s.rig, ActionType::AddNote, "ORD-C0004-1", "C0004", {{"text", "other case"}});
    // The service rejects any batch carrying `bad` as a whole, in the protocol's own words.
    s.scripted->intercept = [&](const sync::HttpRequest& r) -> std::optional<sync::HttpResponse> {
        if (r.path != "/v1/commands" || r.body.find(bad.command_id) == std::string::npos)
            return std::nullopt;
        json body{{"error",
                   {{"code", "bad_json"}, {"message", "unreadable"}, {"request_id", request_id_of(r)}}}};
        return sync::HttpResponse{400, body.dump()};
    };
    svc.channel_command("ORD-C0001-3", "ship_order");  // the feed must still bring this
    s.rig.sync_until_quiet();
    auto held = find_command(*s.rig.store, bad.command_id);
    REQUIRE(held.has_value());
    CHECK(held->state == CommandState::Held);
    CHECK(held->held_reason == "error.rejected");
    CHECK_FALSE(held->result.has_value());
    CHECK(state_of(s.rig, after.command_id) == CommandState::Confirmed);  // re-linked past it
    CHECK(state_of(s.rig, other.command_id) == CommandState::Confirmed);
    CHECK(outbox_counts(*s.rig.store).refused == 0);
    CHECK(outbox_counts(*s.rig.store).held == 1);
    CHECK(s.rig.cached_case("ORD-C0001-3")["status"] == "shipped");
    const auto attention = needs_attention(*s.rig.store);
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].command_id == bad.command_id);
    // Staff send it again once the cause is gone: it is applied once.
    s.scripted->intercept = nullptr;
    REQUIRE(release_held(*s.rig.store, bad.command_id).ok());
    s.rig.sync_until_quiet();
    CHECK(state_of(s.rig, bad.command_id) == CommandState::Confirmed);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), bad.command_id) == 1);
}

TEST_CASE("a damaged outbox row is quarantined with a reason, never a crash") {
    TestService svc(10);
    ScriptedRig s(svc);
    auto good = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "fine"}});
    auto broken = queue(s.rig, ActionType::AddNote, "ORD-C0004-1", "C0004", {{"text", "fine too"}});
    s.rig.store->db()
        .prepare("UPDATE outbox SET payload = ? WHERE command_id = ?")
        .bind_all(std::string("{\"text\":\"caf\xC3\"}"), broken.command_id)
        .run();
    auto unreadable = queue(s.rig, ActionType::AddNote, "ORD-C0002-1", "C0002", {{"text", "x"}});
    s.rig.store->db()
        .prepare("UPDATE outbox SET payload = '{not json' WHERE command_id = ?")
        .bind(1, unreadable.command_id)
        .run();
    s.rig.sync_until_quiet();
    CHECK(state_of(s.rig, good.command_id) == CommandState::Confirmed);
    CHECK(state_of(s.rig, broken.command_id) == CommandState::Held);
    CHECK(state_of(s.rig, unreadable.command_id) == CommandState::Held);
    CHECK(outbox_counts(*s.rig.store).held == 2);
    CHECK(needs_attention(*s.rig.store).size() == 2);
}

TEST_CASE("a renewed token that cannot be stored is not used; the old one renews again") {
    TestService svc(10, [](service::ServiceConfig& c) { c.token_ttl = std::chrono::minutes(10); });
    ScriptedRig s(svc);
    const std::string old_token = *s.rig.store->token();
    svc.clock().advance(service::testing::kHour);
    // The token file cannot be written: its temporary path is taken by a directory.
    const std::string blocker = s.rig.store->token_path() + ".tmp";
    std::filesystem::create_directory(blocker);
    auto note = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "full disk"}});
    CHECK(s.rig.engine->cycle() != sync::CycleResult::Synced);
    CHECK(s.rig.engine->client().token() == old_token);
    CHECK(*s.rig.store->token() == old_token);
    CHECK(state_of(s.rig, note.command_id) == CommandState::Pending);
    CHECK(s.rig.board.read().local_error == "error.token_not_saved");

    std::filesystem::remove(blocker);
    s.rig.sync_until_quiet();
    CHECK(state_of(s.rig, note.command_id) == CommandState::Confirmed);
    const std::string stored = *s.rig.store->token();
    CHECK(stored != old_token);
    // A restart uses what is stored, and the service accepts it: no enrolling again.
    s.rebuild_engine();
    CHECK(s.rig.engine->client().token() == stored);
    auto later = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "later"}});
    CHECK(s.rig.engine->cycle() == sync::CycleResult::Synced);
    CHECK(state_of(s.rig, later.command_id) == CommandState::Confirmed);
}

TEST_CASE("enrolling again on the same database carries the queue over") {
    TestService svc(10);
    ScriptedRig s(svc);
    auto first = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "before"}});
    REQUIRE(s.rig.engine->cycle() == sync::CycleResult::Synced);
    REQUIRE(state_of(s.rig, first.command_id) == CommandState::Confirmed);
    auto second = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "after"}});
    CHECK(second.lane_prev_seq == first.seq);
    const std::string old_id = *s.rig.store->meta("terminal_id");
    REQUIRE(s.rig.engine->enroll("KIOSK-S1-02", "same tablet, new code").ok());
    CHECK(*s.rig.store->meta("terminal_id") != old_id);
    s.rig.sync_until_quiet();
    CHECK(state_of(s.rig, second.command_id) == CommandState::Confirmed);
    CHECK(events_for_command(service_case(svc, "ORD-C0001-1"), second.command_id) == 1);
}

TEST_CASE("a lane whose predecessor the service lacks is re-linked, not left waiting") {
    TestService svc(10);
    ScriptedRig s(svc);
    auto first = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "a"}});
    REQUIRE(s.rig.engine->cycle() == sync::CycleResult::Synced);
    auto second = queue(s.rig, ActionType::AddNote, "ORD-C0001-1", "C0001", {{"text", "b"}});
    // The terminal believes in a predecessor the service never recorded.
    s.rig.store->db()
        .prepare("UPDATE outbox SET lane_prev_seq = ? WHERE command_id = ?")
        .bind_all(first.seq + 1000, second.command_id)
        .run();
    s.rig.sync_until_quiet(20);
    CHECK(state_of(s.rig, second.command_id) == CommandState::Confirmed);
}

TEST_CASE("a new command while a slow push is in flight neither cuts the push nor shows offline") {
    TestService svc(10);
    service::testing::TempDir dir;
    const std::string db_path = dir.file("terminal.db");
    auto store = Store::open(db_path);
    REQUIRE(store.ok());
    auto curl = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
    ScriptedTransport slow(*curl);
    SystemClock clock;
    StatusBoard board;
    auto engine = std::make_unique<sync::SyncEngine>(**store, slow, clock, board);
    REQUIRE(engine->enroll("KIOSK-S1-03", "slow push").ok());
    sync::SyncWorker worker(std::move(engine), slow);
    worker.start();
    auto reader = Store::open(db_path);
    REQUIRE(reader.ok());
    auto wait_until = [](auto done, int limit_ms) {
        for (int waited = 0; waited < limit_ms && !done(); waited += 5)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return done();
    };
    REQUIRE(wait_until([&] { return board.read().online && load_customer(**reader, "C0001"); },
                       10'000));

    slow.push_delay_ms = 600;
    std::atomic<bool> went_offline{false};
    std::atomic<bool> watching{true};
    std::thread watcher([&] {
        while (watching) {
            if (!board.read().online) went_offline = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    auto tap = [&](const char* text) {
        auto e = record_command(**reader, draft(ActionType::AddNote, "ORD-C0001-1", "C0001",
                                                {{"text", text}}),
                                clock.now());
        REQUIRE(e.ok());
        worker.notify();
        return *e;
    };
    auto first = tap("first tap");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the push is in flight
    auto second = tap("second tap");
    auto confirmed = [&](const OutboxEntry& e) {
        auto row = find_command(**reader, e.command_id);
        return row && row->state == CommandState::Confirmed;
    };
    CHECK(wait_until([&] { return confirmed(first) && confirmed(second); }, 10'000));
    watching = false;
    watcher.join();
    worker.stop();
    CHECK_FALSE(went_offline.load());
    CHECK(board.read().consecutive_failures == 0);
    auto attempts = (*reader)->db().prepare(
        "SELECT count(*) FROM outbox_attempts WHERE outcome != 'answered'");
    REQUIRE(attempts.step());
    CHECK(attempts.integer(0) == 0);  // no push was cut short and counted as a failure
}
