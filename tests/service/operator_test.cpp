// What the operator controls: revoking a terminal (the back-office endpoint and `touchpoint-service
// terminals revoke`), and the demo channel key, which only a demo service accepts.

#include <sys/wait.h>

#include <cstdio>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

constexpr const char* kOperatorKey = "test-operator-key";

// Runs touchpoint-service with `args`; its exit code and stdout.
std::pair<int, std::string> run_service(const std::string& args) {
    const std::string command = std::string(TOUCHPOINT_SERVICE_EXE) + " " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

httplib::Headers operator_key(const std::string& key = kOperatorKey) {
    return {{"X-Operator-Key", key}, {"X-Request-Id", "op-1"}};
}

}  // namespace

TEST_CASE("the back office revokes a terminal: its token and renewals fail at once") {
    TestService svc(5, [](tp::service::ServiceConfig& c) { c.operator_key = kOperatorKey; });
    json enrolled = svc.enroll();
    const std::string token = enrolled["token"];
    const std::string id = enrolled["terminal_id"];
    std::string cursor;
    svc.drain_feed(token, cursor);

    const std::string path = "/v1/terminals/" + id + "/revoke";
    CHECK(svc.post(path, std::string("{}")).status == 401);
    Reply wrong = svc.post(path, std::string("{}"), operator_key("wrong"));
    CHECK(wrong.status == 401);
    CHECK(wrong.body["error"]["code"] == "unauthorized");
    CHECK(svc.post("/v1/terminals/TERM-nope/revoke", std::string("{}"), operator_key()).status == 404);
    // A terminal's token or a channel key is not the operator's key.
    CHECK(svc.post(path, std::string("{}"), TestService::bearer(token)).status == 403);
    CHECK(svc.post(path, std::string("{}"), TestService::channel()).status == 403);

    Reply revoked = svc.post(path, std::string("{}"), operator_key());
    REQUIRE(revoked.status == 200);
    CHECK(revoked.body["terminal_id"] == id);
    const auto at = revoked.body["revoked_at"].get<tp::Millis>();
    CHECK(at == svc.clock().now());

    for (Reply r : {svc.get("/v1/changes", TestService::bearer(token)),
                    svc.post("/v1/token/renew", std::string("{}"), TestService::bearer(token)),
                    svc.post("/v1/commands", json{{"commands", json::array()}},
                             TestService::bearer(token))}) {
        CHECK(r.status == 401);
        CHECK(r.body["error"]["code"] == "terminal_revoked");
    }
    // Expired as well: still revoked, never renewed.
    svc.clock().advance(2 * kDay);
    Reply renew = svc.post("/v1/token/renew", std::string("{}"), TestService::bearer(token));
    CHECK(renew.body["error"]["code"] == "terminal_revoked");
    // Revoking again answers the first revocation.
    Reply again = svc.post(path, std::string("{}"), operator_key());
    CHECK(again.status == 200);
    CHECK(again.body["revoked_at"].get<tp::Millis>() == at);
    // Other terminals are not affected.
    const std::string other = svc.enroll("KIOSK-S1-02")["token"];
    CHECK(svc.get("/v1/changes", TestService::bearer(other)).status == 200);
}

TEST_CASE("without an operator key configured, the revoke endpoint refuses every call") {
    TestService svc(5);
    const std::string id = svc.enroll()["terminal_id"];
    CHECK(svc.post("/v1/terminals/" + id + "/revoke", std::string("{}"), operator_key("")).status == 401);
    CHECK(svc.post("/v1/terminals/" + id + "/revoke", std::string("{}"), operator_key()).status == 401);
}

TEST_CASE("touchpoint-service terminals revoke disables a terminal of a running service") {
    TestService svc(5);
    json enrolled = svc.enroll();
    const std::string token = enrolled["token"];
    const std::string id = enrolled["terminal_id"];
    const std::string db = svc.config().db_path;
    CHECK(svc.get("/v1/changes", TestService::bearer(token)).status == 200);

    auto [listed, list] = run_service("terminals list --db '" + db + "'");
    CHECK(listed == 0);
    CHECK(list.find(id) != std::string::npos);
    CHECK(list.find("revoked") == std::string::npos);

    auto [rc, out] = run_service("terminals revoke " + id + " --db '" + db + "'");
    CHECK(rc == 0);
    CHECK(out.find("revoked terminal " + id) != std::string::npos);
    Reply r = svc.get("/v1/changes", TestService::bearer(token));
    CHECK(r.status == 401);
    CHECK(r.body["error"]["code"] == "terminal_revoked");
    CHECK(run_service("terminals list --db '" + db + "'").second.find("revoked") != std::string::npos);

    CHECK(run_service("terminals revoke TERM-nope --db '" + db + "'").first == 6);
    CHECK(run_service("terminals revoke --db '" + db + "'").first == 2);
    if (!testing_on_postgres())  // a database file that does not exist
        CHECK(run_service("terminals revoke X --db " + db + ".missing").first == 2);
}

TEST_CASE("the demo channel key is refused unless the service is a demo") {
    const httplib::Headers demo_key{{"X-Channel-Key", tp::service::kDemoChannelKey}};
    {
        TestService svc(5, [](tp::service::ServiceConfig& c) {
            c.channel_key = tp::service::kDemoChannelKey;
        });
        Reply r = svc.get("/v1/customers?q=jose", demo_key);
        CHECK(r.status == 401);
        CHECK(r.body["error"]["code"] == "unauthorized");
        CHECK(svc.get("/v1/cases/ORD-C0001-1", demo_key).status == 401);
    }
    {
        TestService svc(5, [](tp::service::ServiceConfig& c) {
            c.channel_key = tp::service::kDemoChannelKey;
            c.demo = true;
        });
        CHECK(svc.get("/v1/customers?q=jose", demo_key).status == 200);
    }
    // The command line: the default key works with --demo only.
    auto [rc, out] = run_service("--help");
    CHECK(rc == 0);
    CHECK(out.find("--demo") != std::string::npos);
}
