// One command never decides for its neighbours (protocol §6): a batch is answered 200 with one
// result per command whether its commands are malformed, fail inside the service or meet a
// failing database, and a resend applies each command exactly once.

#include <atomic>
#include <set>
#include <string>
#include <vector>

#include "service_fixture.hpp"

using namespace tp::service::testing;
using tp::service::CommandFault;
using tp::service::ServiceConfig;

namespace {

json case_of(TestService& svc, const std::string& id) {
    Reply r = svc.get("/v1/cases/" + id, TestService::channel());
    REQUIRE(r.status == 200);
    return r.body["case"];
}

// Timeline events of the case caused by the command.
int events_of_command(TestService& svc, const std::string& case_id, const std::string& command_id) {
    json c = case_of(svc, case_id);
    int n = 0;
    for (const auto& e : c["timeline"]) n += e["command_id"] == command_id;
    return n;
}

json note(const std::string& id, std::int64_t seq, const std::string& text,
          const std::string& case_id = "ORD-C0001-3") {
    return command(id, seq, case_id, "C0001", "add_note", {{"text", text}});
}

// A service whose command `target` meets `fault` the first time it is about to commit.
struct FaultyService {
    FaultyService(std::string target, CommandFault fault)
        : svc(5, [this, target, fault](ServiceConfig& c) {
              c.command_fault = [this, target, fault](const std::string& command_id) {
                  if (command_id != target || fired.exchange(true)) return CommandFault::None;
                  return fault;
              };
          }) {}

    std::atomic<bool> fired{false};
    TestService svc;
};

void check_retry(const json& result, const std::string& command_id, const std::string& code) {
    CHECK(result["command_id"] == command_id);
    CHECK(result["status"] == "retry");
    CHECK(result["code"] == code);
    CHECK_FALSE(result["reason"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("valid and malformed commands mixed: 200, a result each, the valid ones applied once") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    const std::string long_id(65, 'x');
    json over_long_actor = note("mx-9", 9, "actor");
    over_long_actor["actor"]["id"] = long_id;
    json batch = json::array({
        note("mx-1", 1, "first"),
        command("mx-2", 2, "ORD-C0001-3", "C0001", "launch_rocket"),  // unknown action
        note("mx-3", 3, "second"),
        command("mx-4", 4, "ORD-C0001-3", "C0001", "add_note", {{"text", 5}}),  // wrong type
        command("mx-5", 5, "", "C0001", "feedback", {{"score", "ten"}}),        // wrong type
        command("mx-6", 6, "", "C0001", "open_complaint",
                {{"new_case_id", "CMP-MX-6"}, {"text", json::array({"a"})}}),  // wrong type
        note(long_id, 7, "over-long command id"),
        note("mx-8", 8, "over-long case id", std::string(65, 'C')),
        over_long_actor,
        command("mx-10", 10, "", "C0001", "open_complaint",
                {{"new_case_id", std::string(65, 'N')}, {"text", "over-long new case id"}}),
        command("mx-11", 11, "ORD-C0001-3", std::string(65, 'U'), "add_note", {{"text", "x"}}),
        note("mx-12", 12, std::string(2001, 'z')),  // over-long text
        note("mx-13", 13, "third"),
    });
    const std::set<std::size_t> valid{0, 2, 12};

    json first = send_batch(svc, token, batch);
    REQUIRE(first.size() == batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        CAPTURE(i);
        if (valid.count(i)) {
            CHECK(first[i]["status"] == "applied");
            continue;
        }
        CHECK(first[i]["status"] == "refused");
        CHECK(first[i]["code"] == "invalid");
    }
    CHECK(first[6]["command_id"] == "");  // an over-long id cannot be answered under itself

    svc.clock().advance(1000);
    json again = send_batch(svc, token, batch);
    for (std::size_t i : valid) CHECK(again[i] == first[i]);
    for (const char* id : {"mx-1", "mx-3", "mx-13"})
        CHECK(events_of_command(svc, "ORD-C0001-3", id) == 1);
    CHECK(svc.get("/v1/cases/CMP-MX-6", TestService::channel()).status == 404);
}

TEST_CASE("a database failure mid-batch: the applied stay applied, the rest retry, once") {
    FaultyService faulty("db-3", CommandFault::Database);
    TestService& svc = faulty.svc;
    std::string token = svc.enroll()["token"];
    json batch = json::array({
        note("db-1", 1, "one"),
        command("db-2", 2, "ORD-C0001-2", "C0001", "cancel_order"),  // refused: already shipped
        note("db-3", 3, "three"),
        command("db-4", 4, "", "C0001", "open_complaint",
                {{"new_case_id", "CMP-DB-4"}, {"text", "four"}}),
        note("db-5", 5, "five"),    // after the failure: not tried
        json{{"terminal_seq", 6}},  // no command_id: answered under ""
    });

    Reply r = svc.post("/v1/commands", json{{"commands", batch}}, TestService::bearer(token));
    REQUIRE(r.status == 200);
    json first = r.body["results"];
    REQUIRE(first.size() == batch.size());
    CHECK(first[0]["status"] == "applied");
    CHECK(first[1]["status"] == "refused");
    CHECK(first[1]["code"] == "already_shipped");
    check_retry(first[2], "db-3", "unavailable");
    check_retry(first[3], "db-4", "unavailable");
    check_retry(first[4], "db-5", "unavailable");
    check_retry(first[5], "", "unavailable");
    CHECK(events_of_command(svc, "ORD-C0001-3", "db-1") == 1);
    CHECK(events_of_command(svc, "ORD-C0001-3", "db-3") == 0);
    CHECK(svc.get("/v1/cases/CMP-DB-4", TestService::channel()).status == 404);

    svc.clock().advance(1000);
    json second = send_batch(svc, token, batch);
    CHECK(second[0] == first[0]);
    CHECK(second[1] == first[1]);
    for (std::size_t i = 2; i < 5; ++i) CHECK(second[i]["status"] == "applied");
    CHECK(second[5]["code"] == "invalid");

    json third = send_batch(svc, token, batch);
    for (std::size_t i = 0; i < 5; ++i) CHECK(third[i] == second[i]);
    for (const char* id : {"db-1", "db-3", "db-5"})
        CHECK(events_of_command(svc, "ORD-C0001-3", id) == 1);
    CHECK(events_of_command(svc, "CMP-DB-4", "db-4") == 1);
}

TEST_CASE("a batch whose commit fails records nothing of it and is answered retry whole") {
    FaultyService faulty("cf-2", CommandFault::Commit);
    TestService& svc = faulty.svc;
    std::string token = svc.enroll()["token"];
    json batch = json::array({
        note("cf-1", 1, "one"),
        note("cf-2", 2, "two"),
        command("cf-3", 3, "", "C0001", "open_complaint",
                {{"new_case_id", "CMP-CF-3"}, {"text", "three"}}),
        json{{"terminal_seq", 4}},  // no command_id: answered under ""
    });
    json first = send_batch(svc, token, batch);
    REQUIRE(first.size() == batch.size());
    check_retry(first[0], "cf-1", "unavailable");
    check_retry(first[1], "cf-2", "unavailable");
    check_retry(first[2], "cf-3", "unavailable");
    check_retry(first[3], "", "unavailable");
    for (const char* id : {"cf-1", "cf-2"}) CHECK(events_of_command(svc, "ORD-C0001-3", id) == 0);
    CHECK(svc.get("/v1/cases/CMP-CF-3", TestService::channel()).status == 404);

    svc.clock().advance(1000);
    json second = send_batch(svc, token, batch);
    for (std::size_t i = 0; i < 3; ++i) CHECK(second[i]["status"] == "applied");
    CHECK(second[3]["code"] == "invalid");
    json third = send_batch(svc, token, batch);
    for (std::size_t i = 0; i < 3; ++i) CHECK(third[i] == second[i]);
    for (const char* id : {"cf-1", "cf-2"}) CHECK(events_of_command(svc, "ORD-C0001-3", id) == 1);
    CHECK(events_of_command(svc, "CMP-CF-3", "cf-3") == 1);
}

TEST_CASE("a command rolled back to its savepoint leaves no entity of its own to the next") {
    // in-2 opens a complaint and then fails: in-3 names the same new case id and must create
    // it afresh, not find what in-2 wrote (nor a copy the batch's reads kept).
    FaultyService faulty("in-2", CommandFault::Internal);
    TestService& svc = faulty.svc;
    std::string token = svc.enroll()["token"];
    json batch = json::array({
        note("in-1", 1, "one"),
        command("in-2", 2, "", "C0001", "open_complaint",
                {{"new_case_id", "CMP-SP-2"}, {"text", "first try"}}),
        command("in-3", 3, "", "C0001", "open_complaint",
                {{"new_case_id", "CMP-SP-2"}, {"text", "second"}}),
    });
    json first = send_batch(svc, token, batch);
    CHECK(first[0]["status"] == "applied");
    check_retry(first[1], "in-2", "internal");
    CHECK(first[2]["status"] == "applied");
    Reply c = svc.get("/v1/cases/CMP-SP-2", TestService::channel());
    REQUIRE(c.status == 200);
    CHECK(c.body.dump().find("first try") == std::string::npos);
    CHECK(events_of_command(svc, "CMP-SP-2", "in-2") == 0);
    CHECK(events_of_command(svc, "CMP-SP-2", "in-3") == 1);
}

TEST_CASE("a failure inside the service retries that command alone") {
    FaultyService faulty("in-2", CommandFault::Internal);
    TestService& svc = faulty.svc;
    std::string token = svc.enroll()["token"];
    json batch =
        json::array({note("in-1", 1, "one"), note("in-2", 2, "two"), note("in-3", 3, "three")});
    json first = send_batch(svc, token, batch);
    CHECK(first[0]["status"] == "applied");
    check_retry(first[1], "in-2", "internal");
    CHECK(first[2]["status"] == "applied");
    CHECK(events_of_command(svc, "ORD-C0001-3", "in-2") == 0);

    json second = send_batch(svc, token, batch);
    CHECK(second[0] == first[0]);
    CHECK(second[1]["status"] == "applied");
    CHECK(second[2] == first[2]);
    for (const char* id : {"in-1", "in-2", "in-3"})
        CHECK(events_of_command(svc, "ORD-C0001-3", id) == 1);
}

TEST_CASE("out_of_order names the missing predecessor") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    json late = command("oo-5", 5, "ORD-C0001-3", "C0001", "add_note", {{"text", "late"}},
                        "customer", "", 3);
    json r = send_one(svc, token, late);
    check_retry(r, "oo-5", "out_of_order");
    CHECK(r["missing_seq"] == 3);
    CHECK(r["case_id"] == "ORD-C0001-3");

    json results = send_batch(svc, token, json::array({note("oo-3", 3, "early"), late}));
    CHECK(results[0]["status"] == "applied");
    CHECK(results[1]["status"] == "applied");
    CHECK_FALSE(results[1].contains("missing_seq"));
}

TEST_CASE("a body with ill-formed UTF-8 anywhere is refused whole, nothing of it applied") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    const std::string placeholder = "@@TEXT@@";
    std::string body =
        json{
            {"commands", json::array({note("u-1", 1, "valid first"), note("u-2", 2, placeholder)})}}
            .dump();
    const std::vector<std::string> ill_formed{
        "\xC3(",             // a lead byte without its continuation
        "caf\xC3",           // cut short at the end of the text
        "\xE0\x80\xAF",      // overlong "/"
        "\xED\xA0\x80",      // a surrogate encoded directly
        "\\ud800 alone",     // a lone surrogate escape
        "\xF4\x90\x80\x80",  // above U+10FFFF
    };
    for (const auto& text : ill_formed) {
        CAPTURE(text);
        std::string bad = body;
        bad.replace(bad.find(placeholder), placeholder.size(), text);
        Reply r = svc.post("/v1/commands", bad, TestService::bearer(token));
        CHECK(r.status == 400);
        CHECK(r.body["error"]["code"] == "bad_json");
    }
    CHECK(events_of_command(svc, "ORD-C0001-3", "u-1") == 0);
    CHECK(send_one(svc, token, note("u-1", 1, "valid first"))["status"] == "applied");
}
