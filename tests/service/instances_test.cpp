// Several service instances on one database, as behind a load balancer (README "Several
// instances behind a load balancer"): a long poll on one instance wakes on another's change
// (PostgreSQL LISTEN/NOTIFY), the same command sent to two instances at once is applied once
// and both answer its stored result, and a database restart costs no request.

#include <chrono>
#include <future>
#include <thread>

#include "pg_server.hpp"
#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

using Clock = std::chrono::steady_clock;

int add_notes_with(const json& c, const std::string& command_id) {
    int n = 0;
    for (const auto& e : c["timeline"]) n += e.value("command_id", "") == command_id ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("PostgreSQL: a long poll on one instance wakes on another instance's change") {
    PgServer pg;
    const std::string uri = pg.uri();
    TestService first(40, [&](tp::service::ServiceConfig& c) { c.db_path = uri; });
    TestService second(0, [&](tp::service::ServiceConfig& c) { c.db_path = uri; });
    const std::string token = first.enroll()["token"];
    std::string cursor;
    first.drain_feed(token, cursor);

    const auto asked = Clock::now();
    auto poll = std::async(std::launch::async, [&] {
        return first.get("/v1/changes?wait=20&cursor=" + cursor, TestService::bearer(token));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    second.channel_command("ORD-C0001-3", "add_note", {{"text", "From the call center"}});
    const Reply woke = poll.get();
    const double seconds = std::chrono::duration<double>(Clock::now() - asked).count();
    REQUIRE(woke.status == 200);
    bool saw_case = false;
    for (const auto& change : woke.body["changes"]) saw_case |= change["id"] == "ORD-C0001-3";
    CHECK(saw_case);
    CHECK(seconds < 5.0);  // answered by the change, not at the end of its 20 s wait
}

TEST_CASE("the same command sent to two instances at once is applied once; both answer its result") {
    TempDir dir;
    const std::string db = testing_on_postgres() ? new_test_database(dir, "") : dir.file("service.db");
    TestService first(40, [&](tp::service::ServiceConfig& c) { c.db_path = db; });
    TestService second(0, [&](tp::service::ServiceConfig& c) { c.db_path = db; });
    const std::string token = first.enroll()["token"];
    constexpr int kCommands = 12;
    for (int i = 1; i <= kCommands; ++i) {
        const std::string id = "dup-" + std::to_string(i);
        const json cmd = command(id, i, "ORD-C0001-3", "C0001", "add_note", {{"text", "note " + id}},
                                 "customer", "", 0);
        const json batch = json{{"commands", json::array({cmd})}};
        auto a = std::async(std::launch::async,
                            [&] { return first.post("/v1/commands", batch, TestService::bearer(token)); });
        auto b = std::async(std::launch::async,
                            [&] { return second.post("/v1/commands", batch, TestService::bearer(token)); });
        const Reply ra = a.get();
        const Reply rb = b.get();
        CAPTURE(id);
        REQUIRE(ra.status == 200);
        REQUIRE(rb.status == 200);
        CHECK(ra.body["results"][0]["status"] == "applied");
        CHECK(ra.body["results"][0] == rb.body["results"][0]);
    }
    const Reply order = first.get("/v1/cases/ORD-C0001-3", TestService::channel());
    REQUIRE(order.status == 200);
    for (int i = 1; i <= kCommands; ++i)
        CHECK(add_notes_with(order.body["case"], "dup-" + std::to_string(i)) == 1);
}

TEST_CASE("PostgreSQL: after a database restart the service answers again without failing a request") {
    PgServer pg;
    const std::string uri = pg.uri();
    TestService svc(5, [&](tp::service::ServiceConfig& c) { c.db_path = uri; });
    const std::string token = svc.enroll()["token"];
    // Several pooled connections, all ended by the restart.
    std::vector<std::future<Reply>> calls;
    for (int i = 0; i < 4; ++i)
        calls.push_back(std::async(std::launch::async, [&] { return svc.get("/v1/health/ready"); }));
    for (auto& call : calls) CHECK(call.get().status == 200);

    pg.restart();
    for (int i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(svc.get("/v1/health/ready").status == 200);
        CHECK(svc.get("/v1/changes", TestService::bearer(token)).status == 200);
    }
}
