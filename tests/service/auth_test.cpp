// Enrollment, token expiry and renewal, staff PIN verification and lockout (protocol §3, §4).

#include "service_fixture.hpp"
#include "touchpoint/crypto.hpp"

using namespace tp::service::testing;

TEST_CASE("an enrollment code works once") {
    TestService svc;
    json first = svc.enroll("KIOSK-S1-02");
    CHECK(first["store_id"] == "S1");
    CHECK(first["token"].get<std::string>().size() == 64);
    CHECK(first["token_expires_at"].get<tp::Millis>() == kStartTime + 24 * kHour);

    Reply again = svc.post("/v1/enroll", json{{"code", "KIOSK-S1-02"}, {"terminal_name", "x"}});
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "code_used");

    Reply unknown = svc.post("/v1/enroll", json{{"code", "NOPE"}, {"terminal_name", "x"}});
    CHECK(unknown.status == 403);
    CHECK(unknown.body["error"]["code"] == "invalid_code");

    json s2 = svc.enroll("KIOSK-S2-01");
    CHECK(s2["store_id"] == "S2");
    CHECK(s2["terminal_id"] != first["terminal_id"]);
}

TEST_CASE("configured enrollment codes name their store") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.enroll_codes = {{"FIELD-1", "S2"}, {"FIELD-2", "S1"}};
    });
    CHECK(svc.enroll("FIELD-1")["store_id"] == "S2");
    CHECK(svc.enroll("FIELD-2")["store_id"] == "S1");
}

TEST_CASE("an expired token is refused with token_expired and renewed within the grace period") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.token_ttl = std::chrono::minutes(10);
        c.token_grace = std::chrono::hours(48);
    });
    std::string token = svc.enroll()["token"];
    CHECK(svc.get("/v1/changes?limit=1", TestService::bearer(token)).status == 200);

    svc.clock().advance(11 * 60 * 1000);
    Reply expired = svc.get("/v1/changes?limit=1", TestService::bearer(token));
    CHECK(expired.status == 401);
    CHECK(expired.body["error"]["code"] == "token_expired");

    Reply renewed = svc.post("/v1/token/renew", std::string(), TestService::bearer(token));
    REQUIRE(renewed.status == 200);
    std::string fresh = renewed.body["token"];
    CHECK(fresh != token);
    CHECK(renewed.body["token_expires_at"].get<tp::Millis>() == svc.clock().now() + 10 * 60 * 1000);
    CHECK(svc.get("/v1/changes?limit=1", TestService::bearer(fresh)).status == 200);

    // Once the new token was used, the old one is retired.
    Reply old = svc.post("/v1/token/renew", std::string(), TestService::bearer(token));
    CHECK(old.status == 401);
    CHECK(old.body["error"]["code"] == "unauthorized");
}

TEST_CASE("a lost renewal answer can be retried with the old token") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.token_ttl = std::chrono::minutes(1); });
    std::string token = svc.enroll()["token"];
    svc.clock().advance(2 * 60 * 1000);
    Reply lost = svc.post("/v1/token/renew", std::string(), TestService::bearer(token));
    REQUIRE(lost.status == 200);
    Reply retried = svc.post("/v1/token/renew", std::string(), TestService::bearer(token));
    REQUIRE(retried.status == 200);
    std::string fresh = retried.body["token"];
    CHECK(svc.get("/v1/changes?limit=1", TestService::bearer(fresh)).status == 200);
    // The token from the lost answer was discarded.
    std::string discarded = lost.body["token"];
    CHECK(svc.get("/v1/changes?limit=1", TestService::bearer(discarded)).body["error"]["code"] ==
          "unauthorized");
}

TEST_CASE("a token past the grace period cannot be renewed") {
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.token_ttl = std::chrono::minutes(1);
        c.token_grace = std::chrono::hours(1);
    });
    std::string token = svc.enroll()["token"];
    svc.clock().advance(2 * kHour);
    Reply r = svc.post("/v1/token/renew", std::string(), TestService::bearer(token));
    CHECK(r.status == 401);
    CHECK(r.body["error"]["code"] == "unauthorized");
}

TEST_CASE("unknown and missing tokens are unauthorized") {
    TestService svc(5);
    for (const auto& headers : {httplib::Headers{}, TestService::bearer("not-a-token"),
                                httplib::Headers{{"Authorization", "Basic abc"}}}) {
        Reply r = svc.get("/v1/changes", headers);
        CHECK(r.status == 401);
        CHECK(r.body["error"]["code"] == "unauthorized");
    }
}

TEST_CASE("staff PINs verify online, technicians widen the scope, five failures lock") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    auto verify = [&](const std::string& id, const std::string& pin) {
        return svc.post("/v1/staff/verify", json{{"staff_id", id}, {"pin", pin}},
                        TestService::bearer(token));
    };

    Reply rep = verify("R1", "2468");
    REQUIRE(rep.status == 200);
    CHECK(rep.body["staff"]["role"] == "rep");
    CHECK_FALSE(rep.body["staff"].contains("pin_hash"));
    CHECK(rep.body["work_orders_added"] == 0);

    Reply tech = verify("T1", "1357");
    REQUIRE(tech.status == 200);
    CHECK(tech.body["work_orders_added"].get<int>() >= 3);

    for (int i = 0; i < 4; ++i) {
        Reply wrong = verify("T2", "0000");
        CHECK(wrong.status == 403);
        CHECK(wrong.body["error"]["code"] == "wrong_pin");
    }
    CHECK(verify("T2", "0000").status == 423);
    Reply locked = verify("T2", "7531");
    CHECK(locked.status == 423);
    CHECK(locked.body["error"]["code"] == "locked");
    svc.clock().advance(16 * 60 * 1000);
    CHECK(verify("T2", "7531").status == 200);

    CHECK(verify("NOBODY", "1234").body["error"]["code"] == "wrong_pin");
}

TEST_CASE("staff records travel in the feed with their KDF verifier of the PIN") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    std::string cursor;
    const auto r1_verifier = [&]() -> nlohmann::json {
        nlohmann::json found;
        for (const auto& change : svc.drain_feed(token, cursor))
            if (change["type"] == "staff" && change["id"] == "R1") found = change["data"];
        return found;
    };
    const nlohmann::json demo = r1_verifier();
    REQUIRE(demo.is_object());
    CHECK(demo["pin_salt"].get<std::string>().size() == 16);
    const std::string verifier = demo["pin_hash"];
    CHECK(verifier.rfind("$argon2id$", 0) == 0);
    CHECK(tp::pin_matches(demo["pin_salt"].get<std::string>(), verifier, "2468"));
    // Demo data has the cheaper demo cost; the first right PIN at the service replaces it with a
    // verifier of the standard cost, and the feed carries that one.
    CHECK_FALSE(tp::pin_hash_is_current(verifier));
    REQUIRE(svc.post("/v1/staff/verify", json{{"staff_id", "R1"}, {"pin", "2468"}},
                     TestService::bearer(token))
                .status == 200);
    const nlohmann::json renewed = r1_verifier();
    REQUIRE(renewed.is_object());
    CHECK(tp::pin_hash_is_current(renewed["pin_hash"].get<std::string>()));
    CHECK(tp::pin_matches(renewed["pin_salt"].get<std::string>(), renewed["pin_hash"].get<std::string>(),
                          "2468"));
}
