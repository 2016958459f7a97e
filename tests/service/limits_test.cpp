// The service's limits against greedy and slow clients (docs/security.md, "A service that cannot
// be starved"): bodies, chunked or not, headers, the head's deadline, connections per client
// address, and long polls. Loopback only; the "other" client address is 127.0.0.2.

#include <atomic>
#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include "raw_client.hpp"
#include "service_fixture.hpp"

using namespace tp::service::testing;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

long rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string key;
    long value = 0;
    while (in >> key) {
        if (key == "VmRSS:") {
            in >> value;
            return value;
        }
        in.ignore(1 << 12, '\n');
    }
    return 0;
}

long elapsed_ms(Clock::time_point since) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - since).count();
}

std::string error_code(const std::string& answer) {
    json body = json::parse(body_of(answer), nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

}  // namespace

TEST_CASE("a chunked body over the limit is refused 413 after about the limit was read") {
    TestService svc(5);
    const std::string token = svc.enroll()["token"];
    RawClient client(svc.port());
    REQUIRE(client.connected());
    const long rss_before = rss_kib();
    REQUIRE(client.send_all("POST /v1/commands HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
                            token +
                            "\r\nX-Request-Id: chunky-1\r\nContent-Type: application/json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n"));
    // Up to 128 MiB in 64 KiB chunks, for as long as the service takes them.
    const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
    std::size_t sent = 0;
    std::string answer;
    while (sent < 128u * 1024 * 1024) {
        pollfd p{client.fd(), POLLOUT | POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) break;
        if (p.revents & POLLIN) break;  // the service answered
        if (p.revents & (POLLERR | POLLHUP)) break;
        const ssize_t n = ::send(client.fd(), chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0) {
            if (errno == EAGAIN) continue;
            break;
        }
        sent += static_cast<std::size_t>(n);
    }
    answer = client.read_all(milliseconds(5000));
    const long rss_growth_kib = rss_kib() - rss_before;
    MESSAGE("chunked body: " << sent / 1024 << " KiB accepted before the answer, RSS grew "
                             << rss_growth_kib << " KiB");
    CHECK(status_of(answer) == 413);
    CHECK(error_code(answer) == "too_large");
    CHECK(body_of(answer).find("chunky-1") != std::string::npos);
    // The limit is 1 MiB: what the service read is the limit and the socket buffers, not 128 MiB.
    CHECK(sent < 16u * 1024 * 1024);
    CHECK(rss_growth_kib < 64 * 1024);
    // The service goes on serving.
    CHECK(svc.get("/v1/health").status == 200);
}

TEST_CASE("a body whose Content-Length is over the limit is refused before it is read") {
    TestService svc(5);
    RawClient client(svc.port());
    REQUIRE(client.send_all("POST /v1/enroll HTTP/1.1\r\nHost: test\r\nX-Request-Id: big-1\r\n"
                            "Content-Length: 134217728\r\n\r\n{"));
    const std::string answer = client.read_all(milliseconds(3000));
    CHECK(status_of(answer) == 413);
    CHECK(error_code(answer) == "too_large");
    CHECK(body_of(answer).find("big-1") != std::string::npos);
}

TEST_CASE("too many or too large headers are refused 431 with the protocol's error") {
    TestService svc(5);
    httplib::Headers many;
    for (int i = 0; i < 5000; ++i) many.emplace("X-Filler-" + std::to_string(i), "1");
    Reply r = svc.get("/v1/health", many);
    CHECK(r.status == 431);
    CHECK(r.body["error"]["code"] == "headers_too_large");
    // The id is echoed when it is within the head's limit (headers sort by name here).
    httplib::Headers over{{"X-Request-Id", "hdr-1"}};
    for (int i = 0; i < 65; ++i) over.emplace("Y-Filler-" + std::to_string(i), "1");
    Reply echoed = svc.get("/v1/health", over);
    CHECK(echoed.status == 431);
    CHECK(echoed.body["error"]["request_id"] == "hdr-1");

    httplib::Headers within;
    for (int i = 0; i < 40; ++i) within.emplace("X-Filler-" + std::to_string(i), "1");
    CHECK(svc.get("/v1/health", within).status == 200);

    Reply large = svc.get("/v1/health", {{"X-Big", std::string(20 * 1024, 'a')}});
    CHECK(large.status == 431);
    CHECK(large.body["error"]["code"] == "headers_too_large");
    CHECK(svc.get("/v1/health").status == 200);
}

TEST_CASE("a head that does not arrive in time is answered 408 and its place freed") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.header_timeout = milliseconds(500);
        c.max_connections_per_address = 2;
    });
    RawClient slow(svc.port(), "127.0.0.2");
    RawClient slower(svc.port(), "127.0.0.2");
    REQUIRE(slow.send_all("GET /v1/health HTTP/1.1\r\nHost: te"));
    REQUIRE(slower.send_all("GET /v1/hea"));
    const auto started = Clock::now();
    const std::string answer = slow.read_all(milliseconds(5000));
    CHECK(status_of(answer) == 408);
    CHECK(error_code(answer) == "timeout");
    CHECK(elapsed_ms(started) < 3000);
    CHECK(status_of(slower.read_all(milliseconds(5000))) == 408);
    // Both places are free again.
    RawClient next(svc.port(), "127.0.0.2");
    REQUIRE(next.send_all("GET /v1/health HTTP/1.1\r\nHost: test\r\n\r\n"));
    CHECK(status_of(next.read_all(milliseconds(3000))) == 200);
}

TEST_CASE("one client address holds a bounded number of connections; others are served") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.max_connections_per_address = 4; });
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<RawClient>(svc.port(), "127.0.0.2"));
        REQUIRE(idle.back()->connected());
        REQUIRE(idle.back()->send_all("GET /v1/health HTTP/1.1\r\n"));  // and nothing more
    }
    std::this_thread::sleep_for(milliseconds(100));  // all four admitted
    RawClient fifth(svc.port(), "127.0.0.2");
    const auto started = Clock::now();
    const std::string refused = fifth.read_all(milliseconds(3000));
    CHECK(status_of(refused) == 429);
    CHECK(error_code(refused) == "busy");
    CHECK(elapsed_ms(started) < 1000);
    // Another address is not affected.
    CHECK(svc.get("/v1/health").status == 200);
    // Once the four are gone, the address is served again.
    idle.clear();
    std::this_thread::sleep_for(milliseconds(200));
    RawClient again(svc.port(), "127.0.0.2");
    REQUIRE(again.send_all("GET /v1/health HTTP/1.1\r\nHost: test\r\n\r\n"));
    CHECK(status_of(again.read_all(milliseconds(3000))) == 200);
}

TEST_CASE("long polls beyond the cap are answered busy at once; short requests keep threads") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.handler_threads = 6;
        c.max_long_polls = 3;
    });
    const std::string token = svc.enroll()["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);
    const std::string path = "/v1/changes?wait=3&cursor=" + cursor;
    struct Poll {
        int status = 0;
        long ms = 0;
    };
    std::vector<std::future<Poll>> polls;
    for (int i = 0; i < 8; ++i) {
        polls.push_back(std::async(std::launch::async, [&] {
            httplib::Client client("127.0.0.1", svc.port());
            client.set_read_timeout(10, 0);
            const auto started = Clock::now();
            auto r = client.Get(path, TestService::bearer(token));
            return Poll{r ? r->status : 0, elapsed_ms(started)};
        }));
    }
    std::this_thread::sleep_for(milliseconds(300));
    long worst_health_ms = 0;
    for (int i = 0; i < 10; ++i) {
        const auto started = Clock::now();
        CHECK(svc.get("/v1/health").status == 200);
        worst_health_ms = std::max(worst_health_ms, elapsed_ms(started));
    }
    int waited = 0, busy = 0;
    for (auto& f : polls) {
        const Poll p = f.get();
        if (p.status == 200) {
            ++waited;
            CHECK(p.ms >= 2500);
        } else {
            CHECK(p.status == 429);
            CHECK(p.ms < 2000);
            ++busy;
        }
    }
    MESSAGE("8 long polls, cap 3: " << waited << " waited, " << busy
                                    << " answered busy; slowest health meanwhile "
                                    << worst_health_ms << " ms");
    CHECK(waited == 3);
    CHECK(busy == 5);
    CHECK(worst_health_ms < 1000);
}

TEST_CASE("a POST without Content-Length is read as an empty body, at once") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.operator_key = "op"; });
    const std::string id = svc.enroll()["terminal_id"];
    RawClient client(svc.port());
    const auto started = Clock::now();
    REQUIRE(client.send_all("POST /v1/terminals/" + id +
                            "/revoke HTTP/1.1\r\nHost: test\r\nX-Operator-Key: op\r\n\r\n"));
    const std::string answer = client.read_all(milliseconds(5000));
    CHECK(status_of(answer) == 200);
    CHECK(elapsed_ms(started) < 2000);
}

TEST_CASE("many more long polls than handler threads all wait, all wake on a change, and short "
          "requests are still answered meanwhile") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.handler_threads = 4;
        c.max_connections_per_address = 200;
    });
    const std::string token = svc.enroll()["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);
    constexpr int kPolls = 40;  // ten times the handler threads
    std::vector<std::future<tp::service::testing::Reply>> polls;
    for (int i = 0; i < kPolls; ++i) {
        polls.push_back(std::async(std::launch::async, [&] {
            httplib::Client client("127.0.0.1", svc.port());
            client.set_read_timeout(60, 0);
            auto r = client.Get("/v1/changes?wait=25&cursor=" + cursor, TestService::bearer(token));
            tp::service::testing::Reply reply;
            if (r) reply = {r->status, json::parse(r->body, nullptr, false)};
            return reply;
        }));
    }
    std::this_thread::sleep_for(milliseconds(1000));
    // Every poll waits; health, a pull without wait and a push are answered all the same.
    for (auto& f : polls) CHECK(f.wait_for(milliseconds(0)) == std::future_status::timeout);
    for (int i = 0; i < 8; ++i) CHECK(svc.get("/v1/health").status == 200);
    CHECK(svc.get("/v1/changes?cursor=" + cursor, TestService::bearer(token)).status == 200);
    for (auto& f : polls) CHECK(f.wait_for(milliseconds(0)) == std::future_status::timeout);

    // One change wakes them all, each with the change.
    svc.channel_command("ORD-C0001-3", "add_note", {{"text", "wakes every poll"}});
    int woken = 0;
    for (auto& f : polls) {
        REQUIRE(f.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
        const auto reply = f.get();
        CHECK(reply.status == 200);
        if (reply.status == 200 && !reply.body["changes"].empty()) ++woken;
    }
    CHECK(woken == kPolls);
}

TEST_CASE("a GET is answered keep-alive and the next request follows on the same connection; "
          "a POST's answer closes it") {
    TestService svc(5);
    RawClient client(svc.port());
    for (int i = 0; i < 3; ++i) {
        REQUIRE(client.send_all("GET /v1/health/live HTTP/1.1\r\nHost: test\r\n\r\n"));
        const std::string answer = client.read_all(milliseconds(1500));
        CHECK(status_of(answer) == 200);
        CHECK(answer.find("Connection: close") == std::string::npos);
    }
    // Two requests sent at once are both answered, in order.
    REQUIRE(client.send_all("GET /v1/health/live HTTP/1.1\r\nHost: test\r\n\r\n"
                            "GET /v1/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
    const std::string both = client.read_all(milliseconds(3000));
    CHECK(both.find("\"live\"") != std::string::npos);
    CHECK(both.find("\"epoch\"") > both.find("\"live\""));
    CHECK(both.find("\"epoch\"") != std::string::npos);

    RawClient poster(svc.port());
    const std::string body = R"({"code":"nope"})";
    REQUIRE(poster.send_all("POST /v1/enroll HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                            "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    const std::string answer = poster.read_all(milliseconds(3000));
    CHECK(status_of(answer) != 0);
    CHECK(answer.find("Connection: close") != std::string::npos);
}

TEST_CASE("a client sending requests back to back on a kept-alive connection cannot hold a stop") {
    TestService svc(5);
    RawClient client(svc.port());
    REQUIRE(client.connected());
    std::atomic<bool> open{true};
    std::thread sender([&] {
        std::string burst;
        for (int i = 0; i < 20; ++i) burst += "GET /v1/health/live HTTP/1.1\r\nHost: test\r\n\r\n";
        char sink[65536];
        while (open) {
            if (!client.send_all(burst)) break;
            for (;;) {  // take what was answered so far, without waiting
                const ssize_t n = ::recv(client.fd(), sink, sizeof sink, MSG_DONTWAIT);
                if (n == 0) open = false;
                if (n <= 0) break;
            }
        }
        open = false;
    });
    std::this_thread::sleep_for(milliseconds(300));
    const auto started = std::chrono::steady_clock::now();
    svc.stop();
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took < std::chrono::seconds(5));
    open = false;
    ::shutdown(client.fd(), SHUT_RDWR);  // ends a send the stopped service no longer reads
    sender.join();
}
