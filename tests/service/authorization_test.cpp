// Protocol §13 from outside, over loopback against the real service: every route × every kind of
// caller × targets of the terminal's store, of another store and unknown; every actor of a
// command; command ids of other terminals; grants that are another terminal's or expired.

#include <map>
#include <set>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

constexpr const char* kOperatorKey = "test-operator-key";

// An S1 terminal as each kind of caller: kiosk (token only), rep (R1's staff grant), technician
// (T1 verified here, with its grant); a channel; nobody.
struct Callers {
    std::string kiosk_token;
    std::string staff_token;
    std::string rep_grant;
    std::string tech_token;
    std::string tech_grant;

    std::map<std::string, httplib::Headers> headers() const {
        httplib::Headers rep = TestService::bearer(staff_token);
        rep.emplace("X-Staff-Grant", rep_grant);
        httplib::Headers tech = TestService::bearer(tech_token);
        tech.emplace("X-Staff-Grant", tech_grant);
        return {{"anonymous", {}},
                {"kiosk", TestService::bearer(kiosk_token)},
                {"rep", rep},
                {"technician", tech},
                {"channel", TestService::channel()},
                {"operator", {{"X-Operator-Key", kOperatorKey}}}};
    }
};

std::string verify(TestService& svc, const std::string& token, const std::string& staff,
                   const std::string& pin) {
    Reply r = svc.post("/v1/staff/verify", json{{"staff_id", staff}, {"pin", pin}},
                       TestService::bearer(token));
    REQUIRE(r.status == 200);
    return r.body["grant"].get<std::string>();
}

Callers make_callers(TestService& svc) {
    Callers c;
    c.kiosk_token = svc.enroll("KIOSK-S1-11")["token"];
    c.staff_token = svc.enroll("KIOSK-S1-12")["token"];
    c.rep_grant = verify(svc, c.staff_token, "R1", "2468");
    c.tech_token = svc.enroll("KIOSK-S1-13")["token"];
    c.tech_grant = verify(svc, c.tech_token, "T1", "1357");
    return c;
}

// An S2 customer with no visit of T1's: outside every S1 terminal's scope here.
std::string unserved_s2_customer(TestService& svc) {
    for (int n = 10; n <= 40; n += 5) {
        std::string id = "C00" + std::to_string(n);
        json context = svc.get("/v1/customers/" + id + "/context", TestService::channel()).body;
        bool visited = false;
        for (const auto& wo : context["work_orders"]) visited |= wo["technician_id"] == "T1";
        if (context["customer"]["store_id"] == "S2" && !visited && !context["cases"].empty())
            return id;
    }
    FAIL("no S2 customer without a visit of T1's");
    return "";
}

std::string first_case(TestService& svc, const std::string& customer) {
    json context = svc.get("/v1/customers/" + customer + "/context", TestService::channel()).body;
    return context["cases"][0]["id"].get<std::string>();
}

std::string loyalty(TestService& svc, const std::string& customer) {
    json context = svc.get("/v1/customers/" + customer + "/context", TestService::channel()).body;
    return context["customer"]["loyalty_number"].get<std::string>();
}

}  // namespace

TEST_CASE("every route answers each caller and target as the protocol's table says") {
    TestService svc(40, [](tp::service::ServiceConfig& c) { c.operator_key = kOperatorKey; });
    Callers callers = make_callers(svc);
    const std::string own = "C0001";
    const std::string other = unserved_s2_customer(svc);
    const std::string visited = "C0005";  // an S2 customer with a visit of T1's
    const std::string own_case = first_case(svc, own);
    const std::string other_case = first_case(svc, other);
    const std::string visit_case = "REP-C0005-1";

    struct Row {
        std::string method, path, documented, caller;
        int status;
    };
    std::vector<Row> rows;
    auto expect = [&](const std::string& method, const std::string& path,
                      const std::string& documented, std::map<std::string, int> by_caller) {
        for (const auto& [caller, status] : by_caller)
            rows.push_back({method, path, documented, caller, status});
    };
    const std::string ctx = "GET /v1/customers/{id}/context";
    const std::string cases = "GET /v1/cases/{id}";
    expect("GET", "/v1/customers/" + own + "/context", ctx,
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 200}, {"technician", 403},
            {"channel", 200}});
    expect("GET", "/v1/customers/" + other + "/context", ctx,
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 403}, {"technician", 403},
            {"channel", 200}});
    expect("GET", "/v1/customers/" + visited + "/context", ctx,
           {{"kiosk", 403}, {"rep", 403}, {"technician", 200}, {"channel", 200}});
    expect("GET", "/v1/customers/NOPE/context", ctx,
           {{"anonymous", 401}, {"kiosk", 404}, {"rep", 404}, {"technician", 404},
            {"channel", 404}});
    expect("GET", "/v1/cases/" + own_case, cases,
           {{"anonymous", 401}, {"kiosk", 200}, {"rep", 200}, {"technician", 200},
            {"channel", 200}});
    expect("GET", "/v1/cases/" + other_case, cases,
           {{"anonymous", 401}, {"kiosk", 404}, {"rep", 404}, {"technician", 404},
            {"channel", 200}});
    expect("GET", "/v1/cases/" + visit_case, cases,
           {{"kiosk", 404}, {"rep", 404}, {"technician", 200}, {"channel", 200}});
    expect("GET", "/v1/cases/NOPE", cases,
           {{"anonymous", 401}, {"kiosk", 404}, {"rep", 404}, {"technician", 404},
            {"channel", 404}});
    expect("GET", "/v1/customers?q=" + loyalty(svc, other), "GET /v1/customers",
           {{"anonymous", 401}, {"kiosk", 200}, {"rep", 200}, {"technician", 200},
            {"channel", 200}});
    expect("GET", "/v1/changes", "GET /v1/changes",
           {{"anonymous", 401}, {"kiosk", 200}, {"rep", 200}, {"technician", 200},
            {"channel", 403}});
    expect("GET", "/v1/health", "GET /v1/health",
           {{"anonymous", 200}, {"kiosk", 200}, {"channel", 200}});
    expect("GET", "/v1/health/live", "GET /v1/health/live",
           {{"anonymous", 200}, {"kiosk", 200}, {"channel", 200}, {"operator", 200}});
    expect("GET", "/v1/health/ready", "GET /v1/health/ready",
           {{"anonymous", 200}, {"kiosk", 200}, {"channel", 200}, {"operator", 200}});
    const std::string body = R"({"commands": []})";
    expect("POST", "/v1/commands", "POST /v1/commands",
           {{"anonymous", 401}, {"kiosk", 200}, {"rep", 200}, {"technician", 200},
            {"channel", 403}});
    expect("POST", "/v1/customers/" + own + "/identify", "POST /v1/customers/{id}/identify",
           {{"anonymous", 401}, {"channel", 403}, {"kiosk", 403}, {"technician", 403},
            {"rep", 403}});  // kiosk, technician: no rep here; rep: the wrong PIN
    expect("POST", "/v1/staff/verify", "POST /v1/staff/verify",
           {{"anonymous", 401}, {"channel", 403}, {"kiosk", 403}});  // kiosk: wrong PIN
    expect("POST", "/v1/cases/" + own_case + "/commands", "POST /v1/cases/{id}/commands",
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 403}, {"technician", 403},
            {"channel", 400}});  // channel: admitted, the empty body is invalid
    expect("POST", "/v1/token/renew", "POST /v1/token/renew",
           {{"anonymous", 401}, {"channel", 401}});
    expect("POST", "/v1/terminals/NOPE/revoke", "POST /v1/terminals/{id}/revoke",
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 403}, {"technician", 403},
            {"channel", 403}, {"operator", 404}});
    expect("GET", "/v1/changes", "GET /v1/changes", {{"operator", 403}});
    expect("POST", "/v1/enroll", "POST /v1/enroll",
           {{"anonymous", 403}, {"kiosk", 403}, {"channel", 403}});  // a made-up code
    // The operator key only (service_operator_test has the operator's own calls).
    expect("POST", "/v1/terminals/TERM-nope/revoke", "POST /v1/terminals/{id}/revoke",
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 403}, {"technician", 403},
            {"channel", 403}});

    // Fleet health and wipe (docs/operations.md). A heartbeat of "{}" lacks its fields; no wipe
    // was ordered for any caller here.
    expect("POST", "/v1/heartbeat", "POST /v1/heartbeat",
           {{"anonymous", 401}, {"kiosk", 400}, {"rep", 400}, {"technician", 400},
            {"channel", 403}, {"operator", 403}});
    expect("POST", "/v1/wipe/done", "POST /v1/wipe/done",
           {{"anonymous", 401}, {"kiosk", 403}, {"channel", 403}, {"operator", 403}});
    expect("GET", "/v1/terminals", "GET /v1/terminals",
           {{"anonymous", 401}, {"kiosk", 403}, {"rep", 403}, {"channel", 403},
            {"operator", 200}});
    expect("POST", "/v1/terminals/NOPE/wipe", "POST /v1/terminals/{id}/wipe",
           {{"anonymous", 401}, {"kiosk", 403}, {"technician", 403}, {"channel", 403},
            {"operator", 404}});
    expect("GET", "/fleet", "GET /fleet",
           {{"anonymous", 401}, {"kiosk", 401}, {"channel", 401}, {"operator", 200}});

    const auto headers = callers.headers();
    std::set<std::string> covered;
    for (const Row& row : rows) {
        CAPTURE(row.caller);
        CAPTURE(row.path);
        Reply r;
        if (row.method == "GET") {
            r = svc.get(row.path, headers.at(row.caller));
        } else {
            std::string payload = body;
            if (row.documented.find("identify") != std::string::npos) payload = R"({"pin":"0000"})";
            if (row.documented.find("verify") != std::string::npos)
                payload = R"({"staff_id":"R1","pin":"0000"})";
            if (row.documented.find("cases/{id}/commands") != std::string::npos) payload = "{}";
            if (row.documented.find("enroll") != std::string::npos) payload = R"({"code":"MADE-UP"})";
            if (row.documented.find("renew") != std::string::npos) payload = "{}";
            if (row.documented.find("revoke") != std::string::npos) payload = "{}";
            if (row.documented.find("heartbeat") != std::string::npos) payload = "{}";
            if (row.documented.find("wipe") != std::string::npos) payload = "{}";
            r = svc.post(row.path, payload, headers.at(row.caller));
        }
        CHECK(r.status == row.status);
        if (r.status >= 400) CHECK(r.body["error"]["code"].is_string());
        covered.insert(row.documented);
    }
    // A route added without rows here fails this test.
    for (const auto& route : tp::service::Service::routes()) CHECK(covered.count(route) == 1);
}

TEST_CASE("lookups show a terminal only what its role needs, and never a PIN verifier") {
    TestService svc;
    Callers callers = make_callers(svc);
    const auto headers = callers.headers();
    auto first = [&](const std::string& customer, const std::string& caller) {
        Reply r = svc.get("/v1/customers?q=" + loyalty(svc, customer), headers.at(caller));
        REQUIRE(r.status == 200);
        REQUIRE(r.body["customers"].size() == 1);
        return r.body["customers"][0];
    };
    json full = svc.get("/v1/customers/C0001/context", TestService::channel()).body["customer"];
    for (const char* caller : {"kiosk", "technician"}) {
        json masked = first("C0001", caller);
        CHECK(masked["name"] != full["name"]);
        CHECK(masked["email"].get<std::string>().find("***@") != std::string::npos);
        CHECK(masked["phone"] != full["phone"]);
        CHECK(masked["pin_hash"] == "");
        CHECK(masked["pin_salt"] == "");
    }
    CHECK(first("C0001", "rep")["email"] == full["email"]);  // R1's store
    CHECK(first("C0001", "channel")["phone"] == full["phone"]);
    CHECK(first("C0005", "rep")["email"].get<std::string>().find("***@") != std::string::npos);
    CHECK(full["pin_hash"] == "");  // not even to a channel
    CHECK(first("C0001", "channel")["pin_hash"] == "");
    // A staff grant presented with another terminal's token proves nothing.
    httplib::Headers stolen = TestService::bearer(callers.kiosk_token);
    stolen.emplace("X-Staff-Grant", callers.rep_grant);
    Reply r = svc.get("/v1/customers?q=" + loyalty(svc, "C0001"), stolen);
    CHECK(r.body["customers"][0]["email"] != full["email"]);
    CHECK(svc.get("/v1/customers/C0001/context", stolen).status == 403);
}

TEST_CASE("each command is judged against the terminal's scope and the actor's rights") {
    TestService svc;
    Callers callers = make_callers(svc);
    const std::string other = unserved_s2_customer(svc);
    const std::string other_case = first_case(svc, other);
    std::int64_t seq = 1;
    auto note = [&](const std::string& token, const std::string& case_id,
                    const std::string& customer, const std::string& role,
                    const std::string& actor) {
        json cmd = command("n-" + std::to_string(seq), seq, case_id, customer, "add_note",
                           {{"text", "a note"}}, role, actor);
        cmd["actor"]["id"] = actor;  // may be empty
        ++seq;
        return send_one(svc, token, cmd);
    };
    const std::string& kiosk = callers.kiosk_token;
    CHECK(note(kiosk, "ORD-C0001-3", "C0001", "customer", "C0001")["status"] == "applied");
    CHECK(note(kiosk, other_case, other, "customer", other)["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "C0001", "customer", "")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "", "customer", "")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "", "customer", "C0002")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "C0002", "customer", "C0002")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "", "rep", "R1")["status"] == "applied");
    CHECK(note(kiosk, other_case, "", "rep", "R1")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "", "rep", "R2")["code"] == "forbidden");  // S2's rep
    CHECK(note(kiosk, "ORD-C0001-3", "", "rep", "")["code"] == "forbidden");
    CHECK(note(kiosk, "ORD-C0001-3", "", "technician", "T1")["status"] == "applied");
    CHECK(note(kiosk, other_case, "", "technician", "T1")["code"] == "forbidden");
    // T1's visit of an S2 customer: only where T1 verified (its customer is served there).
    CHECK(note(kiosk, "REP-C0005-1", "", "technician", "T1")["code"] == "forbidden");
    CHECK(note(callers.tech_token, "REP-C0005-1", "", "technician", "T1")["status"] == "applied");
    // The cancellation of another store's order that used to apply.
    json other_before = svc.get("/v1/cases/" + other_case, TestService::channel()).body["case"];
    json cancel = send_one(svc, kiosk,
                           command("c-other", 100, other_case, other, "cancel_order",
                                   json::object(), "rep", "R2"));
    CHECK(cancel["code"] == "forbidden");
    json other_after = svc.get("/v1/cases/" + other_case, TestService::channel()).body["case"];
    CHECK(other_after["version"] == other_before["version"]);
    CHECK(other_after["status"] == other_before["status"]);
    for (const auto& e : other_after["timeline"]) CHECK(e["command_id"] != "c-other");
}

TEST_CASE("command ids are scoped to their terminal: another terminal's id is a new command") {
    TestService svc;
    std::string a = svc.enroll("KIOSK-S1-14")["token"];
    std::string b = svc.enroll("KIOSK-S1-15")["token"];
    json first = send_one(svc, a, command("same-id", 1, "", "C0001", "request_callback",
                                          {{"new_case_id", "CB-A"}, {"topic", "a"}}));
    CHECK(first["status"] == "applied");
    json second = send_one(svc, b, command("same-id", 1, "", "C0002", "request_callback",
                                           {{"new_case_id", "CB-B"}, {"topic", "b"}}));
    CHECK(second["status"] == "applied");
    CHECK(second["case_id"] == "CB-B");
    CHECK(svc.get("/v1/cases/CB-B", TestService::channel()).status == 200);
    // Each terminal's resend still answers its own stored result.
    json resend = send_one(svc, a, command("same-id", 1, "", "C0001", "request_callback",
                                           {{"new_case_id", "CB-A"}, {"topic", "a"}}));
    CHECK(resend["case_id"] == "CB-A");
}

TEST_CASE("staff act only at their own store's terminals") {
    TestService svc;
    std::string s1 = svc.enroll("KIOSK-S1-16")["token"];
    std::string s2 = svc.enroll("KIOSK-S2-03")["token"];
    Reply rep = svc.post("/v1/staff/verify", json{{"staff_id", "R2"}, {"pin", "8642"}},
                         TestService::bearer(s1));
    CHECK(rep.status == 403);
    CHECK(rep.body["error"]["code"] == "wrong_pin");  // the right PIN is not confirmed here
    CHECK_FALSE(rep.body.contains("grant"));
    Reply tech = svc.post("/v1/staff/verify", json{{"staff_id", "T1"}, {"pin", "1357"}},
                          TestService::bearer(s2));
    CHECK(tech.status == 403);
    CHECK(svc.post("/v1/staff/verify", json{{"staff_id", "R2"}, {"pin", "8642"}},
                   TestService::bearer(s2))
              .status == 200);
}

// A terminal of S1 with R1 signed in through the service: the headers of its requests.
httplib::Headers rep_terminal(TestService& svc, const std::string& code) {
    std::string token = svc.enroll(code)["token"];
    httplib::Headers h = TestService::bearer(token);
    h.emplace("X-Staff-Grant", verify(svc, token, "R1", "2468"));
    return h;
}

TEST_CASE("a customer identifies online with their PIN; guessing locks them everywhere") {
    TestService svc;
    httplib::Headers a = rep_terminal(svc, "KIOSK-S1-17");
    httplib::Headers b = rep_terminal(svc, "KIOSK-S1-18");
    auto identify = [&](const httplib::Headers& at, const std::string& pin,
                        const std::string& customer = "C0005") {
        return svc.post("/v1/customers/" + customer + "/identify", json{{"pin", pin}}, at);
    };
    // Without a rep signed in, a terminal cannot try PINs at all.
    std::string kiosk = svc.enroll("KIOSK-S1-19")["token"];
    CHECK(svc.post("/v1/customers/C0005/identify", json{{"pin", "1234"}},
                   TestService::bearer(kiosk))
              .body["error"]["code"] == "forbidden");

    for (int i = 0; i < 4; ++i) CHECK(identify(i % 2 ? a : b, "0000").status == 403);
    Reply fifth = identify(a, "0001");
    CHECK(fifth.status == 423);
    CHECK(fifth.body["error"]["code"] == "locked");
    CHECK(identify(a, "1234").status == 423);  // even the right PIN, from any terminal
    CHECK(identify(b, "1234").status == 423);
    svc.clock().advance(16 * 60 * 1000);
    Reply right = identify(a, "1234");
    REQUIRE(right.status == 200);
    const std::string grant = right.body["grant"];
    CHECK(right.body["grant_expires_at"].get<tp::Millis>() > svc.clock().now());
    // The next lock lasts twice as long.
    for (int i = 0; i < 5; ++i) identify(b, "0000");
    svc.clock().advance(16 * 60 * 1000);
    CHECK(identify(b, "1234").status == 423);
    svc.clock().advance(15 * 60 * 1000);
    CHECK(identify(b, "1234").status == 200);

    httplib::Headers with_grant = a;
    with_grant.emplace("X-Customer-Grant", grant);
    CHECK(svc.get("/v1/customers/C0005/context", with_grant).status == 200);
    CHECK(svc.get("/v1/customers/C0010/context", with_grant).status == 403);
    httplib::Headers elsewhere = TestService::bearer(kiosk);
    elsewhere.emplace("X-Customer-Grant", grant);
    CHECK(svc.get("/v1/customers/C0005/context", elsewhere).status == 403);
    CHECK(identify(a, "").status == 400);
    CHECK(identify(a, "1234", "NOPE").status == 403);
}

TEST_CASE("PINs cannot be sprayed over many customers from one terminal") {
    TestService svc;
    httplib::Headers a = rep_terminal(svc, "KIOSK-S1-01");
    httplib::Headers b = rep_terminal(svc, "KIOSK-S1-02");
    // One wrong PIN each on ten customers (and unknown ids count too): the terminal is locked.
    int answered = 0;
    for (int n = 10; n < 19; ++n) {
        Reply r = svc.post("/v1/customers/C00" + std::to_string(n) + "/identify",
                           json{{"pin", "0000"}}, a);
        answered += r.status == 403;
    }
    CHECK(answered == 9);
    Reply tenth = svc.post("/v1/customers/NOBODY/identify", json{{"pin", "0000"}}, a);
    CHECK(tenth.status == 423);
    CHECK(svc.post("/v1/customers/C0005/identify", json{{"pin", "1234"}}, a).status == 423);
    // Another terminal is not locked, and those customers are not locked either.
    CHECK(svc.post("/v1/customers/C0005/identify", json{{"pin", "1234"}}, b).status == 200);
    CHECK(svc.post("/v1/customers/C0010/identify", json{{"pin", "1234"}}, b).status == 200);
}

TEST_CASE("a refused command never grows the scope nor touches another store's case") {
    TestService svc;
    std::string token = svc.enroll("KIOSK-S1-03")["token"];
    const std::string other = unserved_s2_customer(svc);
    const std::string other_case = first_case(svc, other);
    json before = svc.get("/v1/cases/" + other_case, TestService::channel()).body["case"];
    json cmds = json::array();
    // The other store's case with a customer id that does not exist.
    json unknown_customer = command("h-1", 1, other_case, "nobody", "add_note", {{"text", "x"}},
                                    "automatic", "");
    unknown_customer["actor"]["id"] = "";
    cmds.push_back(unknown_customer);
    // An in-tray item of the other store's customer, answered as this store's rep.
    json context = svc.get("/v1/customers/" + other + "/context", TestService::channel()).body;
    const std::string item = context["intray"].empty()
                                 ? std::string("IT-") + other + "-1"
                                 : context["intray"][0]["id"].get<std::string>();
    cmds.push_back(command("h-2", 2, "", "", "answer_intray",
                           {{"item_id", item}, {"answer", "not an option"}}, "rep", "R1"));
    // An interaction of this store's customer naming the other store's case.
    cmds.push_back(command("h-3", 3, "", "C0001", "interaction",
                           {{"kind", "case_viewed"}, {"case_id", other_case}}, "automatic", ""));
    json results = send_batch(svc, token, cmds);
    REQUIRE(results.size() == 3);
    for (const auto& r : results) {
        CHECK(r["status"] == "refused");
        CHECK(r["case_id"] != other_case);
    }
    std::string cursor;
    for (const auto& c : svc.drain_feed(token, cursor)) {
        CHECK(c["id"] != other);
        CHECK(c["id"] != other_case);
    }
    CHECK(svc.get("/v1/cases/" + other_case, TestService::bearer(token)).status == 404);
    json after = svc.get("/v1/cases/" + other_case, TestService::channel()).body["case"];
    CHECK(after["version"] == before["version"]);
}

TEST_CASE("a masked lookup answers only a whole identifier, never pieces of one") {
    TestService svc;
    std::string kiosk = svc.enroll("KIOSK-S1-04")["token"];
    json full = svc.get("/v1/customers/C0005/context", TestService::channel()).body["customer"];
    const std::string email = full["email"];
    const std::string loyal = full["loyalty_number"];
    auto ids = [&](const std::string& q) {
        std::set<std::string> out;
        Reply r = svc.get("/v1/customers?q=" + httplib::detail::encode_query_param(q),
                          TestService::bearer(kiosk));
        for (const auto& c : r.body["customers"]) out.insert(c["id"].get<std::string>());
        return out;
    };
    CHECK(ids(email).count("C0005") == 1);
    CHECK(ids(loyal).count("C0005") == 1);
    CHECK(ids(full["phone"].get<std::string>()).count("C0005") == 1);
    CHECK(ids(email.substr(1)).empty());
    CHECK(ids(email.substr(0, email.size() - 1)).empty());
    CHECK(ids(loyal.substr(0, loyal.size() - 1)).empty());
    CHECK(ids("@example.com").empty());
    CHECK(ids(full["name"].get<std::string>()).empty());
}
