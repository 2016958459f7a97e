// A handful of slow clients cannot take the service down (docs/security.md, "A service that
// cannot be starved"): 80 connections from another loopback address trickle their request heads
// a byte at a time, as a slowloris attack does, while a well-behaved terminal keeps syncing and
// health keeps answering within a bound. Loopback only, and bounded in time.

#include <atomic>
#include <thread>

#include "../service/raw_client.hpp"
#include "sync_rig.hpp"
#include "test_env.hpp"

using namespace tp;
using namespace tp::test;
using service::testing::RawClient;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kAttackers = 80;

long elapsed_ms(Steady::time_point since) {
    return std::chrono::duration_cast<milliseconds>(Steady::now() - since).count();
}

// 80 connections from 127.0.0.2, each sending one more byte of an endless header every 100 ms,
// until stopped.
class Slowloris {
  public:
    explicit Slowloris(int port) {
        for (int i = 0; i < kAttackers; ++i) {
            clients_.push_back(std::make_unique<RawClient>(port, "127.0.0.2"));
            if (clients_.back()->connected() &&
                clients_.back()->send_all("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: "))
                ++connected_;
        }
        thread_ = std::thread([this] {
            while (!stop_) {
                for (auto& c : clients_)
                    if (c->fd() >= 0 && !c->send_all("a")) c->close();
                std::this_thread::sleep_for(milliseconds(100));
            }
        });
    }
    ~Slowloris() {
        stop_ = true;
        thread_.join();
    }
    int connected() const { return connected_; }
    // Attack connections the service has closed (a send failed, or it answered).
    int closed_by_service() {
        int n = 0;
        for (auto& c : clients_) {
            if (c->fd() < 0) {
                ++n;
                continue;
            }
            pollfd p{c->fd(), POLLIN, 0};
            if (::poll(&p, 1, 0) > 0) ++n;
        }
        return n;
    }

  private:
    std::vector<std::unique_ptr<RawClient>> clients_;
    std::atomic<bool> stop_{false};
    int connected_ = 0;
    std::thread thread_;
};

struct Figures {
    long worst_cycle_ms = 0;
    long worst_health_ms = 0;
    int cycles = 0;
};

// For about `duration`: the terminal queues a note and syncs it; health is asked each round.
Figures sync_under_attack(TestService& svc, TerminalRig& rig, milliseconds duration) {
    Figures f;
    const auto until = Steady::now() + duration;
    int n = 0;
    while (Steady::now() < until) {
        queue(rig, ActionType::AddNote, "ORD-C0001-1", "C0001",
              {{"text", "under attack " + std::to_string(++n)}});
        auto started = Steady::now();
        CHECK(rig.engine->cycle() == sync::CycleResult::Synced);
        f.worst_cycle_ms = std::max(f.worst_cycle_ms, elapsed_ms(started));
        CHECK(outbox_counts(*rig.store).pending == 0);
        started = Steady::now();
        CHECK(svc.get("/v1/health").status == 200);
        f.worst_health_ms = std::max(f.worst_health_ms, elapsed_ms(started));
        ++f.cycles;
        std::this_thread::sleep_for(milliseconds(50));
    }
    return f;
}

}  // namespace

TEST_CASE("80 slow connections trickling headers do not starve a syncing terminal") {
    set_test_log_level();
    // Fewer handler threads than attackers, an address cap above the attack, a head deadline
    // longer than the test: only the guard stands between the attack and the threads.
    TestService svc(20, [](service::ServiceConfig& c) {
        c.handler_threads = 8;
        c.max_long_polls = 4;
        c.max_connections_per_address = 200;
        c.header_timeout = std::chrono::seconds(30);
        c.request_timeout = std::chrono::seconds(30);
    });
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.sync_until_quiet();
    Slowloris attack(svc.port());
    REQUIRE(attack.connected() == kAttackers);
    std::this_thread::sleep_for(milliseconds(300));  // every attacker is trickling
    const Figures f = sync_under_attack(svc, rig, milliseconds(3000));
    MESSAGE(kAttackers << " slow connections, 8 handler threads: " << f.cycles
                       << " push+pull cycles, slowest " << f.worst_cycle_ms
                       << " ms; slowest health " << f.worst_health_ms << " ms");
    CHECK(f.cycles >= 5);
    CHECK(f.worst_cycle_ms < 2000);
    CHECK(f.worst_health_ms < 1000);
    CHECK(attack.closed_by_service() == 0);  // still waiting for their heads, holding no thread
}

TEST_CASE("slow connections beyond the per-address cap are refused at once") {
    set_test_log_level();
    TestService svc(20, [](service::ServiceConfig& c) {
        c.handler_threads = 8;
        c.max_long_polls = 4;
        c.max_connections_per_address = 16;
        c.header_timeout = milliseconds(1500);
    });
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.sync_until_quiet();
    Slowloris attack(svc.port());
    std::this_thread::sleep_for(milliseconds(300));
    // At least 64 of the 80 were answered 429 at once (more when the terminal's own connections
    // hold some of the address's 16); the rest wait, holding no thread.
    CHECK(attack.closed_by_service() >= kAttackers - 16);
    CHECK(attack.closed_by_service() < kAttackers);
    const Figures f = sync_under_attack(svc, rig, milliseconds(2000));
    MESSAGE("address cap 16 of 80 slow connections: " << f.cycles << " cycles, slowest "
                                                       << f.worst_cycle_ms << " ms");
    CHECK(f.worst_cycle_ms < 2000);
    // Past the head deadline the others are answered 408 too.
    std::this_thread::sleep_for(milliseconds(500));
    CHECK(attack.closed_by_service() == kAttackers);
}

TEST_CASE("a terminal refused a long poll pulls without waiting, and nothing is failed") {
    set_test_log_level();
    TestService svc(20, [](service::ServiceConfig& c) { c.max_long_polls = 0; });
    TerminalRig rig(svc, "KIOSK-S1-01");
    rig.sync_until_quiet();
    // Nothing new: the long poll would have to wait, and has no room to.
    auto started = Steady::now();
    CHECK(rig.engine->pull(20) == sync::CycleResult::Synced);
    CHECK(elapsed_ms(started) < 2000);  // answered at once, not after 20 s
    CHECK(rig.engine->long_poll_refused());
    CHECK(rig.board.read().consecutive_failures == 0);
    CHECK(rig.engine->pull_due());
    // A long poll with a change to hand needs no room to wait: it is answered with it.
    svc.channel_command("ORD-C0001-3", "ship_order");
    started = Steady::now();
    CHECK(rig.engine->pull(20) == sync::CycleResult::Synced);
    CHECK(elapsed_ms(started) < 2000);
    CHECK_FALSE(rig.engine->long_poll_refused());
    CHECK(rig.cached_case("ORD-C0001-3")["status"] == "shipped");
    CHECK(rig.board.read().consecutive_failures == 0);
}
