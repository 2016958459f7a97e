// X-Request-Id (protocol §2): every error body the service sends for a request carrying a
// well-formed id echoes it inside "error", the commands answer carries it at the top level, and a
// malformed id is never echoed.

#include <string>
#include <vector>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

httplib::Headers with_id(httplib::Headers headers, const std::string& id) {
    headers.emplace("X-Request-Id", id);
    return headers;
}

void check_echoed(const Reply& r, int status, const std::string& code, const std::string& id) {
    CHECK(r.status == status);
    REQUIRE(r.body.is_object());
    REQUIRE(r.body.contains("error"));
    CHECK(r.body["error"]["code"] == code);
    CHECK(r.body["error"]["request_id"] == id);
}

}  // namespace

TEST_CASE("errors echo the request id, from the handlers and from the HTTP layer") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.payload_max_bytes = 64 * 1024; });
    std::string token = svc.enroll()["token"];
    auto bearer = TestService::bearer(token);
    const std::string id = "rq-7f3a_B9";

    check_echoed(svc.post("/v1/commands", std::string("{\"commands\":"), with_id(bearer, id)), 400,
                 "bad_json", id);
    check_echoed(svc.post("/v1/commands", json{{"commands", 3}}, with_id(bearer, id)), 400,
                 "invalid", id);
    json many = json::array();
    for (int i = 0; i < 101; ++i) many.push_back(json::object());
    check_echoed(svc.post("/v1/commands", json{{"commands", many}}, with_id(bearer, id)), 400,
                 "too_many", id);
    check_echoed(svc.post("/v1/commands", json{{"commands", json::array()}}, with_id({}, id)), 401,
                 "unauthorized", id);
    check_echoed(svc.post("/v1/staff/verify", json{{"staff_id", "R1"}, {"pin", "0000"}},
                          with_id(bearer, id)),
                 403, "wrong_pin", id);
    check_echoed(svc.get("/v1/cases/NOPE", with_id(TestService::channel(), id)), 404, "not_found",
                 id);
    check_echoed(svc.get("/v1/changes?cursor=nonsense", with_id(bearer, id)), 410, "cursor_expired",
                 id);
    // Answered by the HTTP layer, not by a handler.
    check_echoed(svc.get("/v1/no-such-endpoint", with_id({}, id)), 404, "not_found", id);
    std::string huge = "{\"commands\":[" + std::string(100 * 1024, ' ') + "]}";
    check_echoed(svc.post("/v1/commands", huge, with_id(bearer, id)), 413, "too_large", id);
}

TEST_CASE("the commands answer carries the request id at the top level") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    json batch = json{{"commands", json::array({command("ri-1", 1, "ORD-C0001-3", "C0001",
                                                        "add_note", {{"text", "hi"}})})}};
    Reply r = svc.post("/v1/commands", batch, with_id(TestService::bearer(token), "push-0001"));
    REQUIRE(r.status == 200);
    CHECK(r.body["request_id"] == "push-0001");
    CHECK(r.body["results"][0]["status"] == "applied");

    Reply without = svc.post("/v1/commands", batch, TestService::bearer(token));
    REQUIRE(without.status == 200);
    CHECK_FALSE(without.body.contains("request_id"));
}

TEST_CASE("a malformed request id is not echoed") {
    TestService svc(5);
    const std::vector<std::string> malformed{std::string(65, 'a'), "has space", "a/b", "é",
                                             "semi;colon"};
    for (const auto& id : malformed) {
        CAPTURE(id);
        Reply r = svc.get("/v1/cases/NOPE", with_id(TestService::channel(), id));
        CHECK(r.status == 404);
        REQUIRE(r.body.contains("error"));
        CHECK_FALSE(r.body["error"].contains("request_id"));
    }
    const std::string longest(64, 'Z');
    Reply r = svc.get("/v1/cases/NOPE", with_id(TestService::channel(), longest));
    CHECK(r.body["error"]["request_id"] == longest);
}
