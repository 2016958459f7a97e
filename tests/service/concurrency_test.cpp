// Several terminals and channels at once: batches from many threads, long polls waiting, and
// channel commands interleaved. Every answer is a 2xx, every command applies once, in order per
// case.

#include <atomic>
#include <thread>
#include <vector>

#include "service_fixture.hpp"

using namespace tp::service::testing;

TEST_CASE("concurrent terminals, long polls and channel commands") {
    TestService svc(40);
    constexpr int kTerminals = 6;
    constexpr int kCommands = 25;
    // Each terminal notes on its own open S1 case; the web notes on another.
    const std::vector<std::string> cases{"ORD-C0001-1", "ORD-C0001-3", "ORD-C0001-4",
                                         "ORD-C0004-1", "REP-C0002-1", "RET-C0002-1"};
    std::vector<std::string> tokens;
    for (int t = 0; t < kTerminals; ++t)
        tokens.push_back(svc.enroll("KIOSK-S1-" + std::string(t < 9 ? "0" : "") +
                                    std::to_string(t + 1))["token"]);

    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> polls_woken{0};
    std::vector<std::thread> pollers;
    for (int p = 0; p < 2; ++p)
        pollers.emplace_back([&, p] {
            httplib::Client client("127.0.0.1", svc.port());
            client.set_read_timeout(30, 0);
            std::string cursor;
            while (!done) {
                std::string path = "/v1/changes?limit=500&wait=2";
                if (!cursor.empty()) path += "&cursor=" + cursor;
                auto r = client.Get(path, TestService::bearer(tokens[static_cast<std::size_t>(p)]));
                if (!r || r->status != 200) {
                    ++failures;
                    return;
                }
                json page = json::parse(r->body);
                cursor = page["cursor"];
                if (!page["changes"].empty()) ++polls_woken;
            }
        });

    std::vector<std::thread> senders;
    for (int t = 0; t < kTerminals; ++t)
        senders.emplace_back([&, t] {
            httplib::Client client("127.0.0.1", svc.port());
            const std::string& case_id = cases[static_cast<std::size_t>(t)];
            for (int i = 1; i <= kCommands; ++i) {
                json cmd = command("t" + std::to_string(t) + "-" + std::to_string(i), i, case_id, "",
                                   "add_note", {{"text", "note " + std::to_string(i)}}, "rep",
                                   "R1", i - 1);
                auto r = client.Post("/v1/commands", TestService::bearer(tokens[static_cast<std::size_t>(t)]),
                                     json{{"commands", {cmd}}}.dump(), "application/json");
                if (!r || r->status != 200 ||
                    json::parse(r->body)["results"][0]["status"] != "applied")
                    ++failures;
            }
        });
    std::thread channel([&] {
        httplib::Client client("127.0.0.1", svc.port());
        for (int i = 0; i < 20; ++i) {
            auto r = client.Post("/v1/cases/ORD-C0002-1/commands", TestService::channel(),
                                 json{{"channel", "web"}, {"action", "add_note"},
                                      {"payload", {{"text", "web"}}}}
                                     .dump(),
                                 "application/json");
            // C0002 has no order ORD-C0002-1: a 404 is the right answer; never a 5xx.
            if (!r || r->status >= 500) ++failures;
            auto ok = client.Post("/v1/cases/ORD-C0001-2/commands", TestService::channel(),
                                  json{{"channel", "web"}, {"action", "add_note"},
                                       {"actor", {{"role", "customer"}, {"id", "C0001"}}},
                                       {"payload", {{"text", "web " + std::to_string(i)}}}}
                                      .dump(),
                                  "application/json");
            if (!ok || ok->status != 200) ++failures;
        }
    });
    for (auto& s : senders) s.join();
    channel.join();
    done = true;
    for (auto& p : pollers) p.join();

    CHECK(failures == 0);
    CHECK(polls_woken > 0);
    for (const auto& case_id : cases) {
        json timeline = svc.get("/v1/cases/" + case_id, TestService::channel()).body["case"]["timeline"];
        std::vector<std::string> notes;
        for (const auto& e : timeline)
            if (e["kind"] == "add_note") notes.push_back(e["text"]);
        REQUIRE(notes.size() == kCommands);
        for (int i = 0; i < kCommands; ++i)
            CHECK(notes[static_cast<std::size_t>(i)] == "note " + std::to_string(i + 1));
    }
}
