// Staff PIN lockout on the service over loopback HTTP (protocol §4, docs/security.md "PINs"):
// counted per (staff member, terminal), exponential cool-down, no rows for unknown ids, no more
// tries than the limit however many arrive at once; and old verifiers upgraded.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "service_fixture.hpp"
#include "touchpoint/crypto.hpp"
#include "storage/storage.hpp"

using namespace tp::service;
using namespace tp::service::testing;

namespace {

constexpr tp::Millis kMinute = 60 * 1000;

struct Kiosk {
    TestService& svc;
    std::string token;

    Reply verify(const std::string& id, const std::string& pin) {
        return svc.post("/v1/staff/verify", json{{"staff_id", id}, {"pin", pin}},
                        TestService::bearer(token));
    }
    void fail(const std::string& id, int times) {
        for (int i = 0; i < times; ++i) verify(id, "0000");
    }
};

Kiosk kiosk(TestService& svc, const std::string& code) {
    return Kiosk{svc, svc.enroll(code)["token"]};
}

// Straight to the service's database (either engine), as an operator's tool would.
std::int64_t count_rows(const TestService& svc, const std::string& sql) {
    auto db = storage::connect(svc.config().db_path);
    auto stmt = db->prepare(sql);
    return stmt.step() ? stmt.int64(0) : -1;
}

json stored_entity(const TestService& svc, const std::string& type, const std::string& id) {
    auto db = storage::connect(svc.config().db_path);
    auto stmt = db->prepare("SELECT data FROM entities WHERE type = ? AND id = ?");
    stmt.bind_all(type, id);
    return stmt.step() ? json::parse(stmt.text(0)) : json::object();
}

std::string stored_pin_hash(const TestService& svc, const std::string& type,
                            const std::string& id) {
    return stored_entity(svc, type, id).value("pin_hash", "");
}

void set_stored_pin(TestService& svc, const std::string& type, const std::string& id,
                    const std::string& salt, const std::string& hash) {
    json data = stored_entity(svc, type, id);
    data["pin_salt"] = salt;
    data["pin_hash"] = hash;
    auto db = storage::connect(svc.config().db_path);
    db->prepare("UPDATE entities SET data = ? WHERE type = ? AND id = ?")
        .bind_all(data.dump(), type, id)
        .run();
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

TEST_CASE("one terminal's failures lock the staff member there only") {
    TestService svc;
    Kiosk first = kiosk(svc, "KIOSK-S1-01");
    Kiosk second = kiosk(svc, "KIOSK-S1-02");

    for (int i = 0; i < 4; ++i) CHECK(first.verify("R1", "0000").body["error"]["code"] == "wrong_pin");
    CHECK(first.verify("R1", "0000").status == 423);
    CHECK(first.verify("R1", "2468").status == 423);

    // The other terminal still signs the staff member in, and its own count starts at zero.
    CHECK(second.verify("R1", "2468").status == 200);
    second.fail("R1", 4);
    CHECK(second.verify("R1", "2468").status == 200);
}

TEST_CASE("each lock lasts twice as long as the one before; a right PIN forgets the count") {
    TestService svc;  // staff_lockout 15 minutes
    Kiosk k = kiosk(svc, "KIOSK-S1-01");

    k.fail("R1", 5);
    svc.clock().advance(14 * kMinute);
    CHECK(k.verify("R1", "2468").status == 423);
    svc.clock().advance(2 * kMinute);
    k.fail("R1", 5);  // the second lock: 30 minutes
    svc.clock().advance(29 * kMinute);
    CHECK(k.verify("R1", "2468").status == 423);
    svc.clock().advance(2 * kMinute);
    CHECK(k.verify("R1", "2468").status == 200);

    // Verified: the next lock is the first again.
    k.fail("R1", 5);
    svc.clock().advance(16 * kMinute);
    CHECK(k.verify("R1", "2468").status == 200);
    CHECK(count_rows(svc, "SELECT count(*) FROM staff_pin_attempts") == 0);
}

TEST_CASE("ids that are no staff member leave nothing behind and cost a real check") {
    TestService svc;
    Kiosk k = kiosk(svc, "KIOSK-S1-01");
    constexpr int kTries = 8;
    std::vector<double> unknown_ms, known_ms;
    for (int i = 0; i < kTries; ++i) {
        auto start = std::chrono::steady_clock::now();
        Reply r = k.verify("MADE-UP-" + std::to_string(i), "1234");
        unknown_ms.push_back(ms_since(start));
        CHECK(r.status == 403);
        CHECK(r.body["error"]["code"] == "wrong_pin");
    }
    for (int i = 0; i < 3; ++i) {
        auto start = std::chrono::steady_clock::now();
        CHECK(k.verify("R1", "0000").status == 403);
        known_ms.push_back(ms_since(start));
    }
    std::sort(unknown_ms.begin(), unknown_ms.end());
    std::sort(known_ms.begin(), known_ms.end());
    const double unknown_median = unknown_ms[unknown_ms.size() / 2];
    const double known_median = known_ms[known_ms.size() / 2];
    std::printf("staff verify, wrong PIN: unknown id %.1f ms, known id %.1f ms (medians)\n",
                unknown_median, known_median);
    CHECK(unknown_median >= 50.0);
    CHECK(count_rows(svc, "SELECT count(*) FROM staff_pin_attempts") == 1);  // R1's only
    CHECK(count_rows(svc, "SELECT count(*) FROM staff_pin_probes") == 1);    // the terminal's
    CHECK(count_rows(svc, "SELECT unknown_tries FROM staff_pin_probes") == kTries);
}

TEST_CASE("wrong guesses arriving at once never exceed the limit") {
    TestService svc;
    Kiosk k = kiosk(svc, "KIOSK-S1-01");
    constexpr int kThreads = 12;
    std::vector<int> statuses(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            httplib::Client client("127.0.0.1", svc.port());
            client.set_read_timeout(30, 0);
            auto r = client.Post("/v1/staff/verify", TestService::bearer(k.token),
                                 json{{"staff_id", "R1"}, {"pin", "0000"}}.dump(),
                                 "application/json");
            statuses[static_cast<std::size_t>(t)] = r ? r->status : 0;
        });
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 403) == 4);
    CHECK(std::count(statuses.begin(), statuses.end(), 423) == kThreads - 4);
    CHECK(k.verify("R1", "2468").status == 423);
    CHECK(kiosk(svc, "KIOSK-S1-02").verify("R1", "2468").status == 200);
}

TEST_CASE("old SHA-256 verifiers still verify and are upgraded at start") {
    TestService svc;
    set_stored_pin(svc, "staff", "R1", "5a17", tp::legacy_pin_hash("5a17", "2468"));
    set_stored_pin(svc, "customer", "C0001", "0bad", tp::legacy_pin_hash("0bad", "1234"));
    svc.restart();

    const std::string staff_hash = stored_pin_hash(svc, "staff", "R1");
    const std::string customer_hash = stored_pin_hash(svc, "customer", "C0001");
    CHECK(tp::pin_hash_is_current(staff_hash));
    CHECK(tp::pin_hash_is_current(customer_hash));
    CHECK(tp::pin_matches("5a17", staff_hash, "2468"));
    CHECK(tp::pin_matches("0bad", customer_hash, "1234"));
    CHECK_FALSE(tp::pin_matches("0bad", customer_hash, "1235"));

    // The feed carries the upgraded verifier to terminals.
    std::string token = svc.enroll()["token"];
    std::string cursor;
    bool carried = false;
    for (const auto& change : svc.drain_feed(token, cursor))
        if (change["type"] == "staff" && change["id"] == "R1")
            carried = change["data"]["pin_hash"] == staff_hash;
    CHECK(carried);
    CHECK(Kiosk{svc, token}.verify("R1", "2468").status == 200);
}

TEST_CASE("a verifier below the current cost is replaced on its next right PIN") {
    TestService svc;
    set_stored_pin(svc, "staff", "R2", "77aa", tp::pin_hash("77aa", "8642", tp::PinCost::Minimal));
    Kiosk k = kiosk(svc, "KIOSK-S2-01");
    CHECK(k.verify("R2", "0000").status == 403);
    CHECK_FALSE(tp::pin_hash_is_current(stored_pin_hash(svc, "staff", "R2")));
    CHECK(k.verify("R2", "8642").status == 200);
    const std::string renewed = stored_pin_hash(svc, "staff", "R2");
    CHECK(tp::pin_hash_is_current(renewed));
    CHECK(k.verify("R2", "8642").status == 200);
}
