// The change feed: bootstrap, paging and resume, long poll, cursor_expired, scope (protocol §5).

#include <chrono>
#include <future>
#include <map>
#include <set>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

std::set<std::string> customer_ids(const std::vector<json>& changes) {
    std::set<std::string> ids;
    for (const auto& c : changes)
        if (c["type"] == "customer") ids.insert(c["id"].get<std::string>());
    return ids;
}

bool has(const std::vector<json>& changes, const std::string& type, const std::string& id) {
    for (const auto& c : changes)
        if (c["type"] == type && c["id"] == id) return true;
    return false;
}

}  // namespace

TEST_CASE("bootstrap pages through the scope with no gaps and no duplicates") {
    TestService svc;
    std::string token = svc.enroll()["token"];

    std::string one_page_cursor;
    std::vector<json> whole = svc.drain_feed(token, one_page_cursor, 1000);
    REQUIRE(whole.size() > 100);

    std::string cursor;
    std::vector<json> paged = svc.drain_feed(token, cursor, 7);
    REQUIRE(paged.size() == whole.size());
    std::set<std::pair<std::string, std::string>> seen;
    std::int64_t last_seq = 0;
    for (std::size_t i = 0; i < paged.size(); ++i) {
        CHECK(paged[i] == whole[i]);
        CHECK(paged[i]["seq"].get<std::int64_t>() > last_seq);
        last_seq = paged[i]["seq"];
        CHECK(seen.insert({paged[i]["type"].get<std::string>(), paged[i]["id"].get<std::string>()})
                  .second);
    }
    CHECK(cursor == one_page_cursor);

    // Every entity of an S1 customer is there, as whole domain JSON.
    CHECK(has(paged, "customer", "C0001"));
    CHECK(has(paged, "case", "ORD-C0001-1"));
    CHECK(has(paged, "intray", "IT-C0001-1"));
    CHECK(has(paged, "offer", "OFF-C0001-1"));
    CHECK(has(paged, "work_order", "REP-C0002-1"));
    CHECK(has(paged, "staff", "R1"));
    for (const auto& c : paged)
        if (c["type"] == "case" && c["id"] == "ORD-C0001-1") {
            CHECK(c["data"]["timeline"].size() >= 3);
            CHECK(c["data"]["status"] == "delivered");
        }

    // Nothing new: an empty page with the same cursor.
    Reply idle = svc.get("/v1/changes?cursor=" + cursor, TestService::bearer(token));
    CHECK(idle.body["changes"].empty());
    CHECK(idle.body["cursor"] == cursor);
    CHECK(idle.body["more"] == false);
}

TEST_CASE("resuming from any stored cursor yields exactly the rest") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    std::vector<std::string> cursors{""};
    std::vector<json> pages;
    std::string cursor;
    while (true) {
        std::string path = "/v1/changes?limit=11";
        if (!cursor.empty()) path += "&cursor=" + cursor;
        Reply r = svc.get(path, TestService::bearer(token));
        REQUIRE(r.status == 200);
        for (const auto& c : r.body["changes"]) pages.push_back(c);
        cursor = r.body["cursor"];
        cursors.push_back(cursor);
        if (!r.body["more"].get<bool>()) break;
    }
    // A change made elsewhere mid-way shows once, at its new state, after the cursor.
    svc.channel_command("ORD-C0001-3", "ship_order");
    for (std::size_t k : {std::size_t{1}, cursors.size() / 2, cursors.size() - 1}) {
        std::string from = cursors[k];
        std::vector<json> rest = svc.drain_feed(token, from, 5);
        int shipped = 0;
        for (const auto& c : rest)
            if (c["id"] == "ORD-C0001-3") {
                ++shipped;
                CHECK(c["data"]["status"] == "shipped");
            }
        CHECK(shipped == 1);
    }
}

TEST_CASE("a long poll wakes within a second when another channel changes a case") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);

    auto started = std::chrono::steady_clock::now();
    auto poll = std::async(std::launch::async, [&] {
        httplib::Client client("127.0.0.1", svc.port());
        client.set_read_timeout(30, 0);
        auto r = client.Get("/v1/changes?wait=20&cursor=" + cursor, TestService::bearer(token));
        return r ? json::parse(r->body) : json();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto changed_at = std::chrono::steady_clock::now();
    svc.channel_command("ORD-C0001-3", "add_note", {{"text", "Called: leave at the door"}});
    json page = poll.get();
    auto woke_after = std::chrono::steady_clock::now() - changed_at;
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(woke_after < std::chrono::seconds(1));
    REQUIRE(page["changes"].size() == 1);
    CHECK(page["changes"][0]["id"] == "ORD-C0001-3");
    CHECK(page["changes"][0]["data"]["timeline"].back()["channel"] == "call_center");
}

TEST_CASE("long polls woken together, renewed at once or after a change, each get every change once") {
    TestService svc;
    constexpr int kTerminals = 5;
    std::vector<std::string> tokens, cursors(kTerminals);
    for (int i = 0; i < kTerminals; ++i) {
        tokens.push_back(svc.enroll("KIOSK-S1-0" + std::to_string(i + 1))["token"]);
        svc.drain_feed(tokens.back(), cursors[static_cast<std::size_t>(i)]);
    }
    auto long_poll = [&](std::size_t i) {
        return std::async(std::launch::async, [&, i] {
            httplib::Client client("127.0.0.1", svc.port());
            client.set_read_timeout(30, 0);
            const auto started = std::chrono::steady_clock::now();
            auto r = client.Get("/v1/changes?wait=10&cursor=" + cursors[i], TestService::bearer(tokens[i]));
            const auto took = std::chrono::steady_clock::now() - started;
            return std::make_pair(r ? json::parse(r->body) : json(), took);
        });
    };
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        // Renewed with the cursor of the last answer: they wait, and the change wakes them all.
        std::vector<std::future<std::pair<json, std::chrono::steady_clock::duration>>> polls;
        for (std::size_t i = 0; i < kTerminals; ++i) polls.push_back(long_poll(i));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const std::string text = "round " + std::to_string(round);
        svc.channel_command("ORD-C0001-3", "add_note", {{"text", text}});
        for (std::size_t i = 0; i < kTerminals; ++i) {
            auto [page, took] = polls[i].get();
            CHECK(took < std::chrono::seconds(5));
            REQUIRE(page["changes"].size() == 1);
            CHECK(page["changes"][0]["data"]["timeline"].back()["text"] == text);
            cursors[i] = page["cursor"];
        }
    }
    // A change made before the poll arrives is answered at once, not after the wait.
    svc.channel_command("ORD-C0001-3", "add_note", {{"text", "before the poll"}});
    for (std::size_t i = 0; i < kTerminals; ++i) {
        auto [page, took] = long_poll(i).get();
        CHECK(took < std::chrono::seconds(5));
        REQUIRE(page["changes"].size() == 1);
        CHECK(page["changes"][0]["data"]["timeline"].back()["text"] == "before the poll");
    }
}

TEST_CASE("a long poll on an out-of-scope change keeps waiting, then times out empty") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);
    auto poll = std::async(std::launch::async, [&] {
        httplib::Client client("127.0.0.1", svc.port());
        auto r = client.Get("/v1/changes?wait=1&cursor=" + cursor, TestService::bearer(token));
        return r ? json::parse(r->body) : json();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    svc.channel_command("ORD-C0005-1", "add_note", {{"text", "S2 only"}});
    json page = poll.get();
    CHECK(page["changes"].empty());
    CHECK(page["more"] == false);
}

TEST_CASE("stopping the service ends a long poll at once") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);
    auto poll = std::async(std::launch::async, [&, port = svc.port()] {
        httplib::Client client("127.0.0.1", port);
        client.Get("/v1/changes?wait=25&cursor=" + cursor, TestService::bearer(token));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto before = std::chrono::steady_clock::now();
    svc.stop();
    poll.get();
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(3));
}

TEST_CASE("a cursor the service does not know answers 410 cursor_expired") {
    TestService svc;
    json enrolled = svc.enroll();
    std::string token = enrolled["token"];
    std::string cursor;
    svc.drain_feed(token, cursor);

    for (const std::string& bad : {std::string("garbage"), std::string("0000000000000000-5"),
                                   cursor + "0", svc.service().epoch() + "-x"}) {
        Reply r = svc.get("/v1/changes?cursor=" + bad, TestService::bearer(token));
        CHECK(r.status == 410);
        CHECK(r.body["error"]["code"] == "cursor_expired");
    }

    // A wiped database has a new epoch: old cursors expire; the terminal enrolls again and
    // bootstraps.
    std::string old_epoch = svc.service().epoch();
    svc.wipe_and_restart();
    CHECK(svc.service().epoch() != old_epoch);
    std::string fresh_token = svc.enroll()["token"];
    Reply r = svc.get("/v1/changes?cursor=" + cursor, TestService::bearer(fresh_token));
    CHECK(r.status == 410);
    CHECK(r.body["error"]["code"] == "cursor_expired");
    std::string restart_cursor;
    CHECK(!svc.drain_feed(fresh_token, restart_cursor).empty());
}

TEST_CASE("scope: another store's customers appear only once served") {
    TestService svc;
    std::string token = svc.enroll("KIOSK-S1-03")["token"];
    std::string cursor;
    std::vector<json> bootstrap = svc.drain_feed(token, cursor);
    std::set<std::string> ids = customer_ids(bootstrap);
    CHECK(ids.count("C0001") == 1);
    CHECK(ids.count("C0005") == 0);
    CHECK(ids.count("C0010") == 0);
    for (const auto& id : ids) CHECK(std::stoi(id.substr(1)) % 5 != 0);
    CHECK_FALSE(has(bootstrap, "staff", "R2"));

    // Out-of-scope cases are not readable by the terminal.
    CHECK(svc.get("/v1/cases/ORD-C0005-1", TestService::bearer(token)).status == 404);
    CHECK(svc.get("/v1/cases/ORD-C0001-1", TestService::bearer(token)).status == 200);

    // Lookup does not grow the scope.
    const std::string loyalty =
        svc.get("/v1/customers/C0005/context", TestService::channel()).body["customer"]["loyalty_number"];
    Reply found = svc.get("/v1/customers?q=" + loyalty, TestService::bearer(token));
    REQUIRE(found.status == 200);
    REQUIRE(found.body["customers"].size() >= 1);
    CHECK(found.body["customers"][0]["pin_hash"] == "");
    CHECK(svc.get("/v1/changes?cursor=" + cursor, TestService::bearer(token)).body["changes"].empty());

    // The context is not readable until the customer identifies here with their PIN; then the
    // customer is served: their entities flow in, though the cursor is past them.
    CHECK(svc.get("/v1/customers/C0005/context", TestService::bearer(token)).status == 403);
    Reply rep = svc.post("/v1/staff/verify", json{{"staff_id", "R1"}, {"pin", "2468"}},
                         TestService::bearer(token));
    REQUIRE(rep.status == 200);
    httplib::Headers as_rep = TestService::bearer(token);
    as_rep.emplace("X-Staff-Grant", rep.body["grant"].get<std::string>());
    Reply identified = svc.post("/v1/customers/C0005/identify", json{{"pin", "1234"}}, as_rep);
    REQUIRE(identified.status == 200);
    httplib::Headers with_grant = TestService::bearer(token);
    with_grant.emplace("X-Customer-Grant", identified.body["grant"].get<std::string>());
    Reply context = svc.get("/v1/customers/C0005/context", with_grant);
    REQUIRE(context.status == 200);
    CHECK(context.body["customer"]["store_id"] == "S2");
    CHECK(context.body["customer"]["pin_hash"] == "");
    std::vector<json> grown = svc.drain_feed(token, cursor);
    CHECK(has(grown, "customer", "C0005"));
    CHECK(has(grown, "case", "ORD-C0005-1"));
    CHECK(svc.get("/v1/cases/ORD-C0005-1", TestService::bearer(token)).status == 200);

    // A command for a customer not served here is forbidden and serves nobody.
    json r = send_one(svc, token, command("sc-1", 1, "", "C0010", "request_callback",
                                          {{"new_case_id", "CB-S-1"}, {"topic", "x"}}));
    CHECK(r["code"] == "forbidden");
    CHECK(customer_ids(svc.drain_feed(token, cursor)).count("C0010") == 0);
    CHECK(svc.get("/v1/cases/CB-S-1", TestService::channel()).status == 404);

    // Another S1 terminal did not serve them, and the grant is this terminal's only.
    std::string other = svc.enroll("KIOSK-S1-04")["token"];
    std::string other_cursor;
    CHECK(customer_ids(svc.drain_feed(other, other_cursor)).count("C0005") == 0);
    httplib::Headers stolen = TestService::bearer(other);
    stolen.emplace("X-Customer-Grant", identified.body["grant"].get<std::string>());
    CHECK(svc.get("/v1/customers/C0005/context", stolen).status == 403);
}

TEST_CASE("scope: a technician verified on a terminal brings their work orders") {
    TestService svc;
    std::string token = svc.enroll("KIOSK-S1-02")["token"];
    std::string cursor;
    std::vector<json> bootstrap = svc.drain_feed(token, cursor);
    CHECK(has(bootstrap, "work_order", "REP-C0002-1"));
    CHECK_FALSE(has(bootstrap, "work_order", "REP-C0005-1"));  // an S2 customer's visit
    CHECK_FALSE(has(bootstrap, "customer", "C0005"));

    Reply verified = svc.post("/v1/staff/verify", json{{"staff_id", "T1"}, {"pin", "1357"}},
                              TestService::bearer(token));
    REQUIRE(verified.status == 200);
    std::vector<json> grown = svc.drain_feed(token, cursor);
    CHECK(has(grown, "work_order", "REP-C0005-1"));
    CHECK(has(grown, "case", "REP-C0005-1"));
    CHECK(has(grown, "customer", "C0005"));
    // Another store's customers come only with a visit of T1's.
    std::set<std::string> visited;
    for (const auto& c : grown)
        if (c["type"] == "work_order" && c["data"]["technician_id"] == "T1")
            visited.insert(c["data"]["customer_id"].get<std::string>());
    for (const auto& c : grown)
        if (c["type"] == "customer" && c["data"]["store_id"] != "S1")
            CHECK(visited.count(c["id"].get<std::string>()) == 1);
}

TEST_CASE("scope: another store's terminal cannot sign in a technician to get their customers") {
    TestService svc;
    std::string token = svc.enroll("KIOSK-S2-02")["token"];
    std::string cursor;
    std::vector<json> bootstrap = svc.drain_feed(token, cursor);
    CHECK_FALSE(has(bootstrap, "work_order", "REP-C0002-1"));
    Reply verified = svc.post("/v1/staff/verify", json{{"staff_id", "T1"}, {"pin", "1357"}},
                              TestService::bearer(token));
    CHECK(verified.status == 403);
    CHECK(verified.body["error"]["code"] == "wrong_pin");  // as if T1 were unknown here
    std::vector<json> after = svc.drain_feed(token, cursor);
    CHECK_FALSE(has(after, "work_order", "REP-C0002-1"));
    CHECK_FALSE(has(after, "customer", "C0002"));
    CHECK_FALSE(has(after, "staff", "T1"));
}

TEST_CASE("feed parameters are checked") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    for (const char* query : {"limit=0", "limit=abc", "limit=5000", "wait=-1", "wait=1.5"}) {
        Reply r = svc.get(std::string("/v1/changes?") + query, TestService::bearer(token));
        CHECK(r.status == 400);
        CHECK(r.body["error"]["code"] == "invalid");
    }
}
