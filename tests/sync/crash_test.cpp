// kill -9 of the syncing terminal process at random moments: the real `touchpoint sync --watch`
// binary against the real service. After every kill the store passes PRAGMA integrity_check;
// at the end every command is applied exactly once and none is lost.
// TOUCHPOINT_CRASH_ROUNDS=<n> runs more rounds (default 50).

#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "sync_rig.hpp"

extern char** environ;

using namespace tp;
using namespace tp::test;

namespace {

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::string integrity(const std::string& path) {
    Db db(path, SQLITE_OPEN_READONLY);
    register_store_functions(db);  // the customers' expression indexes use them
    auto q = db.prepare("PRAGMA integrity_check");
    return q.step() ? q.text(0) : "no answer";
}

}  // namespace

TEST_CASE("kill -9 of the syncing terminal: nothing lost, nothing doubled, store intact") {
    const char* rounds_env = std::getenv("TOUCHPOINT_CRASH_ROUNDS");
    const int rounds = rounds_env ? std::atoi(rounds_env) : 50;
    TestService svc(10);
    const std::string url = "http://127.0.0.1:" + std::to_string(svc.port());
    service::testing::TempDir dir;
    const std::string db_path = dir.file("terminal.db");

    std::vector<std::pair<std::string, std::string>> targets;
    std::map<std::string, std::string> case_of;  // command id -> case id
    std::mt19937 rng(4242);
    auto queue_some = [&](Store& store, int n) {
        for (int i = 0; i < n; ++i) {
            const auto& [case_id, customer] = targets[rng() % targets.size()];
            auto r = record_command(store,
                                    draft(ActionType::AddNote, case_id, customer,
                                          {{"text", "crash " + std::to_string(case_of.size())}}),
                                    SystemClock().now());
            REQUIRE(r.ok());
            case_of[r->command_id] = case_id;
        }
    };
    {
        auto store = Store::open(db_path);
        REQUIRE(store.ok());
        auto transport = sync::make_curl_transport(url);
        SystemClock clock;
        StatusBoard board;
        sync::SyncEngine engine(**store, *transport, clock, board);
        REQUIRE(engine.enroll("KIOSK-S1-02", "crash test").ok());
        (*store)->set_meta("service_url", url);
        REQUIRE(engine.cycle() == sync::CycleResult::Synced);
        auto q = (*store)->db().prepare(
            "SELECT id, customer_id FROM cases WHERE status NOT IN ('closed','cancelled') LIMIT 12");
        while (q.step()) targets.emplace_back(q.text(0), q.text(1));
        REQUIRE_FALSE(targets.empty());
    }

    // Kill moments span twice one whole `touchpoint sync` run on this machine (at least 80 ms),
    // so a slow build (sanitizers) still sees kills after the first answers as well as before.
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(wait_exit(spawn({TOUCHPOINT_BINARY, "sync", "--db", db_path})) == 0);
    const auto one_run = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    const auto window = static_cast<unsigned>(std::max<long long>(80, 2 * one_run));
    MESSAGE("one sync run " << one_run << " ms; kills within " << window << " ms");
    {
        auto store = Store::open(db_path);
        REQUIRE(store.ok());
        queue_some(**store, 40);
    }

    for (int round = 0; round < rounds; ++round) {
        CAPTURE(round);
        pid_t child = spawn({TOUCHPOINT_BINARY, "sync", "--watch", "--interval", "5", "--db", db_path});
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % window));
        kill(child, SIGKILL);
        CHECK(wait_exit(child) == -SIGKILL);
        CHECK(integrity(db_path) == "ok");
        auto store = Store::open(db_path);
        REQUIRE(store.ok());
        queue_some(**store, 3);
    }

    {
        // The killed processes did real work: some commands were answered between kills.
        auto store = Store::open(db_path);
        REQUIRE(store.ok());
        auto answered = (*store)->db().prepare("SELECT count(*) FROM outbox WHERE state != 'pending'");
        REQUIRE(answered.step());
        CHECK(answered.integer(0) > 0);
    }

    // Let it finish: `touchpoint sync` once, until nothing is pending.
    for (int i = 0; i < 20; ++i) {
        const int rc = wait_exit(spawn({TOUCHPOINT_BINARY, "sync", "--db", db_path}));
        auto store = Store::open(db_path);
        REQUIRE(store.ok());
        if (rc == 0 && outbox_counts(**store).pending == 0) break;
    }
    auto store = Store::open(db_path);
    REQUIRE(store.ok());
    CHECK(outbox_counts(**store).pending == 0);
    auto count = (*store)->db().prepare("SELECT count(*) FROM outbox WHERE action = 'add_note'");
    REQUIRE(count.step());
    CHECK(count.integer(0) == static_cast<int>(case_of.size()));  // nothing lost locally

    std::map<std::string, json> on_service;
    for (const auto& [id, customer] : targets) on_service[id] = service_case(svc, id);
    for (const auto& [command_id, case_id] : case_of) {
        const int n = events_for_command(on_service[case_id], command_id);
        if (n != 1) FAIL_CHECK("command " << command_id << " applied " << n << " times");
    }
}
