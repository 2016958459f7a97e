// Fleet health and remote wipe orders from outside, over loopback against the real service
// (docs/operations.md): heartbeats stored per terminal and only by that terminal, bad bodies
// refused with nothing written, the operator's list with silent terminals flagged, wipe orders
// and their report, the fleet page behind the operator key with every value escaped.

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

constexpr const char* kOperatorKey = "test-operator-key";

httplib::Headers operator_key() { return {{"X-Operator-Key", kOperatorKey}}; }

json beat(std::int64_t depth = 3) {
    return {{"version", "0.1.0"},          {"queue_depth", depth},
            {"oldest_pending_age_ms", 120000}, {"stuck_lanes", 1},
            {"last_sync_at", 1'789'999'000'000}, {"refused", 2},
            {"clock_offset_ms", -350},     {"free_disk_bytes", 5'120'000'000}};
}

// The operator's list entry of `terminal_id`.
json listed(TestService& svc, const std::string& terminal_id) {
    Reply r = svc.get("/v1/terminals", operator_key());
    REQUIRE(r.status == 200);
    for (const auto& t : r.body["terminals"])
        if (t["terminal_id"] == terminal_id) return t;
    FAIL("terminal not listed");
    return {};
}

void configure(tp::service::ServiceConfig& c) {
    c.operator_key = kOperatorKey;
    c.silent_after = std::chrono::minutes(5);
}

}  // namespace

TEST_CASE("a heartbeat is stored for its own terminal only, and listed for the operator") {
    TestService svc(5, configure);
    json a = svc.enroll("KIOSK-S1-01");
    json b = svc.enroll("KIOSK-S2-01");
    const std::string a_id = a["terminal_id"], b_id = b["terminal_id"];
    CHECK(listed(svc, a_id)["health"].is_null());

    Reply r = svc.post("/v1/heartbeat", beat(), TestService::bearer(a["token"]));
    REQUIRE(r.status == 200);
    CHECK(r.body["terminal_id"] == a_id);
    CHECK(r.body["server_time"] == svc.clock().now());
    CHECK(r.body["wipe"] == false);

    json h = listed(svc, a_id)["health"];
    CHECK(h["received_at"] == svc.clock().now());
    CHECK(h["version"] == "0.1.0");
    CHECK(h["queue_depth"] == 3);
    CHECK(h["oldest_pending_age_ms"] == 120000);
    CHECK(h["stuck_lanes"] == 1);
    CHECK(h["last_sync_at"] == 1'789'999'000'000);
    CHECK(h["refused"] == 2);
    CHECK(h["clock_offset_ms"] == -350);
    CHECK(h["free_disk_bytes"] == 5'120'000'000);

    // Another store's terminal naming A's row is refused; A's row stays as it was.
    json forged = beat(999);
    forged["terminal_id"] = a_id;
    svc.clock().advance(1000);
    Reply refused = svc.post("/v1/heartbeat", forged, TestService::bearer(b["token"]));
    CHECK(refused.status == 403);
    CHECK(refused.body["error"]["code"] == "forbidden");
    CHECK(listed(svc, a_id)["health"] == h);
    CHECK(listed(svc, b_id)["health"].is_null());
    // Its own heartbeat goes to its own row, whatever else it sends.
    REQUIRE(svc.post("/v1/heartbeat", beat(7), TestService::bearer(b["token"])).status == 200);
    CHECK(listed(svc, b_id)["health"]["queue_depth"] == 7);
    CHECK(listed(svc, a_id)["health"] == h);
    // A newer heartbeat replaces the older; without its own offset, the service measures one.
    json bare = beat(0);
    bare.erase("clock_offset_ms");
    bare["sent_at"] = svc.clock().now() + 2500;
    REQUIRE(svc.post("/v1/heartbeat", bare, TestService::bearer(a["token"])).status == 200);
    CHECK(listed(svc, a_id)["health"]["queue_depth"] == 0);
    CHECK(listed(svc, a_id)["health"]["clock_offset_ms"] == 2500);
    // A clock decades off (a flat clock battery: 1970) is stored as it is, for the operator.
    json flat = beat(0);
    flat["clock_offset_ms"] = -svc.clock().now();
    REQUIRE(svc.post("/v1/heartbeat", flat, TestService::bearer(a["token"])).status == 200);
    CHECK(listed(svc, a_id)["health"]["clock_offset_ms"] == -svc.clock().now());
    // No token, a made-up one, a channel: nothing stored.
    CHECK(svc.post("/v1/heartbeat", beat()).status == 401);
    CHECK(svc.post("/v1/heartbeat", beat(), TestService::bearer("made-up")).status == 401);
    CHECK(svc.post("/v1/heartbeat", beat(), TestService::channel()).status == 403);
}

TEST_CASE("bad and oversized heartbeats are refused with nothing written") {
    TestService svc(5, configure);
    json a = svc.enroll("KIOSK-S1-01");
    const std::string a_id = a["terminal_id"];
    const auto token = TestService::bearer(a["token"]);
    REQUIRE(svc.post("/v1/heartbeat", beat(), token).status == 200);
    const json stored = listed(svc, a_id)["health"];
    svc.clock().advance(1000);

    auto with = [](const char* key, json value) {
        json b = beat(50);
        if (value.is_discarded()) b.erase(key);
        else b[key] = std::move(value);
        return b.dump();
    };
    struct Case {
        std::string body;
        int status;
        const char* code;
    };
    const std::vector<Case> cases = {
        {"not json", 400, "bad_json"},
        {"[1,2]", 400, "invalid"},
        {"{\"version\": \"\xff\"}", 400, "bad_json"},
        {with("version", json(json::value_t::discarded)), 400, "invalid"},
        {with("version", ""), 400, "invalid"},
        {with("version", std::string(65, '1')), 400, "invalid"},
        {with("version", "0.1\n0"), 400, "invalid"},
        {with("version", 12), 400, "invalid"},
        {with("queue_depth", -1), 400, "invalid"},
        {with("queue_depth", "3"), 400, "invalid"},
        {with("queue_depth", 1.5), 400, "invalid"},
        {with("queue_depth", json(json::value_t::discarded)), 400, "invalid"},
        {with("free_disk_bytes", 18'446'744'073'709'551'615ull), 400, "invalid"},
        {with("clock_offset_ms", -10'000'000'000'000'000), 400, "invalid"},
        {with("refused", json::array()), 400, "invalid"},
        {with("padding", std::string(5000, 'x')), 413, "too_large"},
        {std::string(8000, ' '), 413, "too_large"},  // past the service-wide limit: limits_test
        {std::string(40, '[') + std::string(40, ']'), 400, "invalid"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.body.substr(0, 80));
        Reply r = svc.post("/v1/heartbeat", c.body, token);
        CHECK(r.status == c.status);
        CHECK(r.body["error"]["code"] == c.code);
    }
    CHECK(listed(svc, a_id)["health"] == stored);
    // Unknown fields are ignored, as everywhere in version 1.
    json extra = beat(4);
    extra["newer_field"] = {{"x", 1}};
    CHECK(svc.post("/v1/heartbeat", extra, token).status == 200);
    CHECK(listed(svc, a_id)["health"]["queue_depth"] == 4);
}

TEST_CASE("a terminal silent longer than the threshold is flagged; revoked and wiped ones are not") {
    TestService svc(5, configure);
    json live = svc.enroll("KIOSK-S1-01");
    json quiet = svc.enroll("KIOSK-S1-02");
    json never = svc.enroll("KIOSK-S1-03");
    REQUIRE(svc.post("/v1/heartbeat", beat(), TestService::bearer(quiet["token"])).status == 200);
    svc.clock().advance(5 * 60'000 + 1);
    REQUIRE(svc.post("/v1/heartbeat", beat(), TestService::bearer(live["token"])).status == 200);
    CHECK(listed(svc, live["terminal_id"].get<std::string>())["silent"] == false);
    CHECK(listed(svc, quiet["terminal_id"].get<std::string>())["silent"] == true);
    CHECK(listed(svc, never["terminal_id"].get<std::string>())["silent"] == true);  // enrolled, never heard
    Reply all = svc.get("/v1/terminals", operator_key());
    CHECK(all.body["silent_after_ms"] == 300000);
    REQUIRE(svc.post("/v1/terminals/" + never["terminal_id"].get<std::string>() + "/revoke",
                     std::string("{}"), operator_key())
                .status == 200);
    CHECK(listed(svc, never["terminal_id"].get<std::string>())["silent"] == false);
    CHECK(listed(svc, never["terminal_id"].get<std::string>())["revoked_at"].is_number());
}

TEST_CASE("a wipe order reaches its terminal only, and its report revokes the terminal") {
    TestService svc(5, configure);
    json a = svc.enroll("KIOSK-S1-01");
    json b = svc.enroll("KIOSK-S1-02");
    const std::string a_id = a["terminal_id"];
    std::string cursor_a, cursor_b;
    // Not ordered: the report is refused and changes nothing.
    Reply early = svc.post("/v1/wipe/done", std::string("{}"), TestService::bearer(a["token"]));
    CHECK(early.status == 403);
    CHECK(svc.get("/v1/changes", TestService::bearer(a["token"])).body.count("wipe") == 0);

    CHECK(svc.post("/v1/terminals/TERM-nope/wipe", std::string("{}"), operator_key()).status == 404);
    CHECK(svc.post("/v1/terminals/" + a_id + "/wipe", std::string("{}"),
                   TestService::bearer(b["token"]))
              .status == 403);
    Reply ordered = svc.post("/v1/terminals/" + a_id + "/wipe", std::string("{}"), operator_key());
    REQUIRE(ordered.status == 200);
    const auto ordered_at = ordered.body["wipe_ordered_at"].get<tp::Millis>();
    svc.clock().advance(1000);
    // Ordering again answers the first order.
    CHECK(svc.post("/v1/terminals/" + a_id + "/wipe", std::string("{}"), operator_key())
              .body["wipe_ordered_at"] == ordered_at);
    CHECK(listed(svc, a_id)["wipe_ordered_at"] == ordered_at);

    Reply page = svc.get("/v1/changes?limit=5", TestService::bearer(a["token"]));
    CHECK(page.body["wipe"] == true);
    CHECK(svc.post("/v1/heartbeat", beat(), TestService::bearer(a["token"])).body["wipe"] == true);
    CHECK(svc.get("/v1/changes?limit=5", TestService::bearer(b["token"])).body.count("wipe") == 0);
    CHECK(svc.post("/v1/heartbeat", beat(), TestService::bearer(b["token"])).body["wipe"] == false);
    // B cannot report A's wipe, nor its own.
    CHECK(svc.post("/v1/wipe/done", std::string("{}"), TestService::bearer(b["token"])).status == 403);

    Reply done = svc.post("/v1/wipe/done", std::string("{}"), TestService::bearer(a["token"]));
    REQUIRE(done.status == 200);
    CHECK(done.body["wiped_at"] == svc.clock().now());
    json entry = listed(svc, a_id);
    CHECK(entry["wiped_at"] == svc.clock().now());
    CHECK(entry["revoked_at"] == svc.clock().now());
    CHECK(entry["silent"] == false);
    Reply after = svc.get("/v1/changes", TestService::bearer(a["token"]));
    CHECK(after.status == 401);
    CHECK(after.body["error"]["code"] == "terminal_revoked");
    CHECK(svc.get("/v1/changes", TestService::bearer(b["token"])).status == 200);
}

TEST_CASE("the fleet page needs the operator key and escapes what terminals sent") {
    TestService svc(5, configure);
    Reply enrolled = svc.post("/v1/enroll", json{{"code", "KIOSK-S1-01"},
                                                 {"terminal_name", "<script>alert(1)</script> & \"co\""}});
    REQUIRE(enrolled.status == 200);
    json hostile = beat();
    hostile["version"] = "<b>9</b>&amp;";
    REQUIRE(svc.post("/v1/heartbeat", hostile, TestService::bearer(enrolled.body["token"])).status ==
            200);

    httplib::Client client("127.0.0.1", svc.port());
    auto anonymous = client.Get("/fleet");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    CHECK(anonymous->get_header_value("WWW-Authenticate").find("Basic") == 0);
    client.set_basic_auth("operator", "wrong");
    CHECK(client.Get("/fleet")->status == 401);
    client.set_basic_auth("anyone", kOperatorKey);
    auto page = client.Get("/fleet");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
    const std::string& html = page->body;
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;") != std::string::npos);
    CHECK(html.find("&lt;b&gt;9&lt;/b&gt;&amp;amp;") != std::string::npos);
    CHECK(html.find("<b>9</b>") == std::string::npos);
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find("http://") == std::string::npos);  // nothing loaded from anywhere
    CHECK(html.find("https://") == std::string::npos);

    // A service with no operator key serves the page to no one.
    TestService closed(5);
    httplib::Client none("127.0.0.1", closed.port());
    none.set_basic_auth("operator", "");
    CHECK(none.Get("/fleet")->status == 401);
}
