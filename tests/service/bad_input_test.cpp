// Whatever a client sends, the service answers 2xx or a 4xx with {"error":{"code","message"}},
// never a 5xx, and keeps serving.

#include <string>
#include <vector>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

void check_error(const Reply& r, int status, const std::string& code) {
    CHECK(r.status == status);
    REQUIRE(r.body.is_object());
    REQUIRE(r.body.contains("error"));
    CHECK(r.body["error"]["code"] == code);
    CHECK_FALSE(r.body["error"]["message"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("malformed bodies are 400 on every POST endpoint") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    auto bearer = TestService::bearer(token);
    struct Target {
        std::string path;
        httplib::Headers headers;
    };
    std::vector<Target> targets{{"/v1/enroll", {}},
                                {"/v1/staff/verify", bearer},
                                {"/v1/commands", bearer},
                                {"/v1/cases/ORD-C0001-1/commands", TestService::channel()}};
    for (const auto& t : targets) {
        CAPTURE(t.path);
        check_error(svc.post(t.path, std::string("{\"code\": "), t.headers), 400, "bad_json");
        check_error(svc.post(t.path, std::string(""), t.headers), 400, "bad_json");
        check_error(svc.post(t.path, std::string("\xff\xfe{}"), t.headers), 400, "bad_json");
        check_error(svc.post(t.path, std::string("[1,2]"), t.headers), 400, "invalid");
        check_error(svc.post(t.path, std::string("42"), t.headers), 400, "invalid");
    }
}

TEST_CASE("wrong types are 400 invalid") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    auto bearer = TestService::bearer(token);
    check_error(svc.post("/v1/enroll", json{{"code", 12}}), 400, "invalid");
    check_error(svc.post("/v1/enroll", json{{"code", std::string(500, 'x')}}), 400, "invalid");
    check_error(svc.post("/v1/staff/verify", json{{"staff_id", "R1"}, {"pin", 2468}}, bearer), 400,
                "invalid");
    check_error(svc.post("/v1/commands", json{{"commands", "all of them"}}, bearer), 400,
                "invalid");
    check_error(svc.post("/v1/commands", json{{"commandz", json::array()}}, bearer), 400,
                "invalid");
    json many = json::array();
    for (int i = 0; i < 101; ++i) many.push_back(json::object());
    check_error(svc.post("/v1/commands", json{{"commands", many}}, bearer), 400, "too_many");
    check_error(svc.post("/v1/cases/ORD-C0001-1/commands",
                         json{{"channel", "pigeon"}, {"action", "close_case"}},
                         TestService::channel()),
                400, "invalid");
    check_error(svc.get("/v1/customers?q=a", bearer), 400, "invalid");
    check_error(svc.get("/v1/customers", bearer), 400, "invalid");
}

TEST_CASE("malformed commands inside a batch are refused one by one") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    json good = command("g-1", 1, "ORD-C0001-3", "C0001", "add_note", {{"text", "ok"}});
    json batch = json::array({
        42,
        json{{"terminal_seq", 2}},                                     // no command_id
        json{{"command_id", 7}, {"terminal_seq", 3}},                  // id not text
        command("b-4", 0, "ORD-C0001-3", "C0001", "add_note"),         // seq 0
        command("b-5", 5, "ORD-C0001-3", "C0001", "add_note", {{"text", 5}}),
        command("b-6", 6, "ORD-C0001-3", "C0001", "add_note", {{"text", "x"}}, "emperor"),
        command("b-7", 7, "NO-SUCH-CASE", "C0001", "add_note", {{"text", "x"}}),
        command("b-8", 8, "ORD-C0002-1", "C0001", "add_note", {{"text", "x"}}),
        command("b-9", 9, "ORD-C0001-3", "C0001", "start_return", {{"new_case_id", 3}}),
        command("b-10", 10, "REP-C0002-1", "", "visit_photo",
                {{"file_name", "a"}, {"sha256", "nothex"}}, "technician", "T1"),
        good,
    });
    json alt = command("b-11", 11, "ORD-C0001-3", "C0001", "add_note");
    alt["payload"] = "not an object";
    batch.push_back(alt);
    json results = send_batch(svc, token, batch);
    REQUIRE(results.size() == batch.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        CAPTURE(i);
        if (batch[i] == good) {
            CHECK(results[i]["status"] == "applied");
            continue;
        }
        CHECK(results[i]["status"] == "refused");
        CHECK(results[i]["code"] == "invalid");
    }
    CHECK(results[0]["command_id"] == "");
    CHECK(results[1]["command_id"] == "");
}

TEST_CASE("oversized bodies are 413 too_large") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.payload_max_bytes = 64 * 1024; });
    std::string token = svc.enroll()["token"];
    std::string huge = "{\"commands\":[" + std::string(100 * 1024, ' ') + "]}";
    Reply r = svc.post("/v1/commands", huge, TestService::bearer(token));
    check_error(r, 413, "too_large");
    CHECK(svc.get("/v1/health").status == 200);
}

TEST_CASE("a photo larger than the cap is refused, not stored") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    std::string big(800 * 1024, 'A');  // base64 of ~600 KiB
    json r = send_one(svc, token,
                      command("ph-1", 1, "REP-C0002-1", "", "visit_photo",
                              {{"file_name", "big.jpg"},
                               {"sha256", std::string(64, 'a')},
                               {"bytes_base64", big}},
                              "technician", "T1"));
    CHECK(r["status"] == "refused");
    CHECK(r["code"] == "invalid");
}

TEST_CASE("bad credentials and unknown paths") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    check_error(svc.get("/v1/customers?q=jose", {{"X-Channel-Key", "wrong"}}), 401,
                "unauthorized");
    check_error(svc.get("/v1/customers/C0001/context"), 401, "unauthorized");
    check_error(svc.post("/v1/cases/ORD-C0001-1/commands", json{{"channel", "web"}}), 401,
                "unauthorized");
    check_error(svc.post("/v1/token/renew", std::string()), 401, "unauthorized");
    check_error(svc.get("/v1/nothing-here"), 404, "not_found");
    check_error(svc.get("/v2/health"), 404, "not_found");
    check_error(svc.get("/v1/customers/NOPE/context", TestService::channel()), 404, "not_found");
    check_error(svc.get("/v1/cases/NOPE", TestService::channel()), 404, "not_found");
    check_error(svc.post("/v1/cases/NOPE/commands",
                         json{{"channel", "web"}, {"action", "close_case"}},
                         TestService::channel()),
                404, "not_found");
}

TEST_CASE("random bytes never produce a 5xx") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<unsigned>(state >> 33);
    };
    const std::vector<std::string> paths{"/v1/enroll", "/v1/commands", "/v1/staff/verify",
                                         "/v1/token/renew", "/v1/cases/ORD-C0001-1/commands"};
    const std::vector<std::string> fragments{
        "{", "}", "[", "]", "\"commands\":", "\"command_id\":\"z\"", ",", "null", "1e309", "-1",
        "\"action\":\"add_note\"", "\"payload\":{}", "\"\\ud800\"", "true", "\"actor\":{}", ":"};
    for (int i = 0; i < 300; ++i) {
        std::string body;
        int parts = 1 + static_cast<int>(next() % 12);
        for (int p = 0; p < parts; ++p) body += fragments[next() % fragments.size()];
        const std::string& path = paths[next() % paths.size()];
        httplib::Headers headers = next() % 2 ? TestService::bearer(token) : TestService::channel();
        Reply r = svc.post(path, body, headers);
        CAPTURE(body);
        CHECK(r.status >= 200);
        CHECK(r.status < 500);
    }
    CHECK(svc.get("/v1/health").status == 200);
}

TEST_CASE("deeply nested JSON is refused before it can exhaust the stack") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    const int depth = 300000;
    std::string deep = R"({"commands":[{"command_id":"deep","terminal_seq":1,"payload":{"x":)" +
                       std::string(depth, '[') + std::string(depth, ']') + "}}]}";
    check_error(svc.post("/v1/commands", deep, TestService::bearer(token)), 400, "invalid");
    check_error(svc.post("/v1/cases/ORD-C0001-1/commands", deep, TestService::channel()), 400,
                "invalid");
    // Brackets inside strings do not count.
    json note = command("deep-ok", 2, "ORD-C0001-3", "C0001", "add_note",
                        {{"text", std::string(200, '[')}});
    CHECK(send_one(svc, token, note)["status"] == "applied");
    CHECK(svc.get("/v1/health").status == 200);
}
