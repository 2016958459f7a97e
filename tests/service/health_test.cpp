// The health endpoints a load balancer and a supervisor ask (protocol §8, §10): liveness,
// readiness with its database, and readiness during the drain that stopping starts.

#include <memory>
#include <thread>

#include "pg_server.hpp"
#include "raw_client.hpp"
#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

std::string enroll_body(const std::string& code) {
    return json{{"code", code}}.dump();
}

}  // namespace

TEST_CASE("live and ready answer 200 while the service serves; /v1/health is unchanged") {
    TestService svc(0);
    Reply live = svc.get("/v1/health/live");
    CHECK(live.status == 200);
    CHECK(live.body == json{{"status", "live"}});
    Reply ready = svc.get("/v1/health/ready");
    CHECK(ready.status == 200);
    CHECK(ready.body == json{{"status", "ready"}});
    Reply health = svc.get("/v1/health");
    CHECK(health.status == 200);
    CHECK(health.body["status"] == "ok");
    CHECK(health.body["epoch"] == svc.service().epoch());
}

TEST_CASE("ready answers 503 unavailable when the PostgreSQL database cannot be reached") {
    auto pg = std::make_unique<PgServer>();
    const std::string uri = pg->uri();
    TestService svc(0, [&](tp::service::ServiceConfig& c) { c.db_path = uri; });
    CHECK(svc.get("/v1/health/ready").status == 200);

    pg.reset();  // the server stops (immediate mode) and its folder goes
    Reply ready = svc.get("/v1/health/ready");
    CHECK(ready.status == 503);
    CHECK(ready.body["error"]["code"] == "unavailable");
    CHECK(ready.body["error"]["message"].is_string());
    Reply live = svc.get("/v1/health/live");
    CHECK(live.status == 200);
    CHECK(live.body == json{{"status", "live"}});
}

TEST_CASE("stopping drains: long polls are answered at once, readiness is 503, requests in "
          "flight are answered") {
    // Four handler threads, held by requests whose bodies have not yet arrived, so that a
    // readiness check waits in the queue until the drain frees a thread; two long polls wait
    // beside them on threads of their own.
    TestService svc(8, [](tp::service::ServiceConfig& c) {
        c.handler_threads = 4;
        c.max_long_polls = 2;
    });
    const std::string token = svc.enroll("KIOSK-S1-01")["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);
    const int port = svc.port();

    struct Poll {
        Reply reply;
        long ms = -1;
    };
    Poll polls[2];
    std::vector<std::thread> pollers;
    for (Poll& poll : polls) {
        pollers.emplace_back([&, port] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(60, 0);
            const auto started = std::chrono::steady_clock::now();
            auto r = client.Get("/v1/changes?wait=25&cursor=" + cursor, TestService::bearer(token));
            poll.ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - started)
                                            .count());
            if (r) poll.reply = {r->status, json::parse(r->body, nullptr, false)};
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    // Four enrollments in flight: their heads are in, their bodies not yet.
    const std::string codes[4] = {"KIOSK-S1-02", "KIOSK-S1-03", "KIOSK-S1-04", "KIOSK-S1-05"};
    std::vector<std::unique_ptr<RawClient>> in_flight;
    for (const std::string& code : codes) {
        in_flight.push_back(std::make_unique<RawClient>(port));
        REQUIRE(in_flight.back()->send_all(
            "POST /v1/enroll HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            "Content-Length: " +
            std::to_string(enroll_body(code).size()) + "\r\n\r\n"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    RawClient ready(port);
    REQUIRE(ready.send_all("GET /v1/health/ready HTTP/1.1\r\nHost: test\r\n\r\n"));
    CHECK(ready.read_all(std::chrono::milliseconds(300)).empty());  // queued: no thread is free

    const auto stop_started = std::chrono::steady_clock::now();
    std::thread stopper([&] { svc.service().stop(); });
    for (auto& t : pollers) t.join();
    const long answered_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::steady_clock::now() - stop_started)
                                                   .count());
    for (const Poll& poll : polls) {
        CHECK(poll.reply.status == 200);
        CHECK(poll.reply.body["changes"].empty());
        CHECK(poll.reply.body["cursor"] == cursor);
        CHECK(poll.ms < 20000);
    }
    CHECK(answered_ms < 2000);

    const std::string answer = ready.read_all(std::chrono::seconds(5));
    CHECK(status_of(answer) == 503);
    CHECK(json::parse(body_of(answer), nullptr, false)["error"]["code"] == "unavailable");

    // The requests that were in flight when the drain began are answered.
    for (std::size_t i = 0; i < in_flight.size(); ++i) {
        REQUIRE(in_flight[i]->send_all(enroll_body(codes[i])));
        const std::string enrolled = in_flight[i]->read_all(std::chrono::seconds(5));
        CHECK(status_of(enrolled) == 200);
        CHECK(json::parse(body_of(enrolled), nullptr, false)["token"].is_string());
    }
    stopper.join();

    // Nothing is accepted any more.
    RawClient late(port);
    CHECK(!late.connected());
}
