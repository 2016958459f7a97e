// Command batches: exactly once, per-case order, and the case rules of brief §3 (protocol §6, §7).

#include "service_fixture.hpp"
#include "touchpoint/local_reference.hpp"

using namespace tp::service::testing;

namespace {

json case_of(TestService& svc, const std::string& id) {
    Reply r = svc.get("/v1/cases/" + id, TestService::channel());
    REQUIRE(r.status == 200);
    return r.body["case"];
}

int events_of_kind(const json& c, const std::string& kind) {
    int n = 0;
    for (const auto& e : c["timeline"]) n += e["kind"] == kind;
    return n;
}

}  // namespace

TEST_CASE("a resent batch returns the original results and applies nothing twice") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json batch = json::array({
        command("c-1", 1, "ORD-C0001-3", "C0001", "add_note", {{"text", "Ring twice"}}),
        command("c-2", 2, "ORD-C0001-2", "C0001", "cancel_order"),
        command("c-3", 3, "ORD-C0001-1", "C0001", "start_return",
                {{"new_case_id", "RET-K-1"}, {"reason", "Too small"}}),
    });
    json first = send_batch(svc, token, batch);
    REQUIRE(first.size() == 3);
    CHECK(first[0]["status"] == "applied");
    CHECK(first[1]["status"] == "refused");
    CHECK(first[1]["code"] == "already_shipped");
    CHECK(first[2]["status"] == "applied");
    CHECK(first[2]["case_id"] == "RET-K-1");

    svc.clock().advance(5000);
    json second = send_batch(svc, token, batch);
    CHECK(second == first);  // field for field, server_time included

    json order = case_of(svc, "ORD-C0001-3");
    CHECK(events_of_kind(order, "add_note") == 1);
    CHECK(order["timeline"].back()["command_id"] == "c-1");
    CHECK(events_of_kind(case_of(svc, "ORD-C0001-2"), "refused") == 1);
    CHECK(events_of_kind(case_of(svc, "ORD-C0001-1"), "start_return") == 1);
    CHECK(case_of(svc, "RET-K-1")["kind"] == "return");
}

TEST_CASE("results survive a restart of the service on the same database") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json batch = json::array({
        command("r-1", 1, "ORD-C0001-3", "C0001", "cancel_order"),
        command("r-2", 2, "", "C0001", "request_callback",
                {{"new_case_id", "CB-K-1"}, {"topic", "Billing"}, {"when", kStartTime + kDay}}),
    });
    json first = send_batch(svc, token, batch);
    CHECK(first[0]["status"] == "applied");
    CHECK(first[1]["status"] == "applied");
    std::string epoch = svc.service().epoch();

    svc.restart();
    CHECK(svc.service().epoch() == epoch);
    svc.clock().advance(kHour);
    json again = send_batch(svc, token, batch);
    CHECK(again == first);
    CHECK(case_of(svc, "ORD-C0001-3")["status"] == "cancelled");
    CHECK(events_of_kind(case_of(svc, "ORD-C0001-3"), "cancel_order") == 1);
}

TEST_CASE("a command whose predecessor on the case is missing is answered retry, not recorded") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json late = command("o-2", 2, "ORD-C0001-3", "C0001", "add_note", {{"text", "second"}},
                        "customer", "", 1);
    json r = send_one(svc, token, late);
    CHECK(r["status"] == "retry");
    CHECK(r["code"] == "out_of_order");
    CHECK(events_of_kind(case_of(svc, "ORD-C0001-3"), "add_note") == 0);

    // Another case in the same batch is not held up.
    json other = command("o-3", 3, "ORD-C0004-1", "C0004", "add_note", {{"text", "independent"}});
    json results = send_batch(svc, token, json::array({late, other}));
    CHECK(results[0]["status"] == "retry");
    CHECK(results[1]["status"] == "applied");

    // Earlier command first, in the same batch: both apply, in order.
    json early = command("o-1", 1, "ORD-C0001-3", "C0001", "add_note", {{"text", "first"}});
    results = send_batch(svc, token, json::array({early, late}));
    CHECK(results[0]["status"] == "applied");
    CHECK(results[1]["status"] == "applied");
    json timeline = case_of(svc, "ORD-C0001-3")["timeline"];
    CHECK(timeline[timeline.size() - 2]["text"] == "first");
    CHECK(timeline[timeline.size() - 1]["text"] == "second");
}

TEST_CASE("a refused predecessor still counts as recorded for ordering") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json refused = send_one(svc, token, command("p-1", 1, "ORD-C0001-2", "C0001", "cancel_order"));
    CHECK(refused["status"] == "refused");
    json next = send_one(svc, token,
                         command("p-2", 2, "ORD-C0001-2", "C0001", "add_note",
                                 {{"text", "then what?"}}, "customer", "", 1));
    CHECK(next["status"] == "applied");
}

TEST_CASE("a reused terminal_seq with another command id is refused and not recorded") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    CHECK(send_one(svc, token, command("s-1", 1, "ORD-C0001-3", "C0001", "add_note",
                                       {{"text", "a"}}))["status"] == "applied");
    json dup = send_one(svc, token, command("s-2", 1, "ORD-C0001-3", "C0001", "add_note",
                                            {{"text", "b"}}));
    CHECK(dup["status"] == "refused");
    CHECK(dup["code"] == "invalid");
}

TEST_CASE("start_return: not delivered, outside the window, applied, already returned") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json placed = send_one(svc, token, command("sr-1", 1, "ORD-C0001-3", "C0001", "start_return",
                                               {{"new_case_id", "RET-X-1"}, {"reason", "x"}}));
    CHECK(placed["code"] == "not_delivered");
    CHECK(placed["alternative_text"] == "Please contact the store");

    json old = send_one(svc, token, command("sr-2", 2, "ORD-C0001-4", "C0001", "start_return",
                                            {{"new_case_id", "RET-X-2"}, {"reason", "x"}}));
    CHECK(old["status"] == "refused");
    CHECK(old["code"] == "outside_return_window");
    CHECK_FALSE(old["reason"].get<std::string>().empty());
    CHECK(svc.get("/v1/cases/RET-X-2", TestService::channel()).status == 404);

    json ok = send_one(svc, token, command("sr-3", 3, "ORD-C0001-1", "C0001", "start_return",
                                           {{"new_case_id", "RET-X-3"}, {"reason", "Too big"}}));
    CHECK(ok["status"] == "applied");
    CHECK(ok["case_id"] == "RET-X-3");
    json ret = case_of(svc, "RET-X-3");
    CHECK(ret["status"] == "open");
    CHECK(ret["customer_id"] == "C0001");
    // A return is about its order's product, as data; the terminal words its title.
    CHECK(ret["kind"] == "return");
    CHECK(ret["title"].empty());
    CHECK(ret["subject"] == case_of(svc, "ORD-C0001-1")["subject"]);
    CHECK(!ret["subject"].get<std::string>().empty());
    CHECK(ret["steps"][0]["code"] == "return_requested");
    CHECK(ret["timeline"][0]["params"]["case_role"] == "return");
    CHECK(ret["timeline"][0]["channel"] == "kiosk");
    CHECK(ret["timeline"][0]["device_time"] == kStartTime - 60000);
    CHECK(ok["case_version"] == ret["version"]);

    // The order has an open return now: a second one is refused in words and makes no case.
    json again = send_one(svc, token, command("sr-4", 4, "ORD-C0001-1", "C0001", "start_return",
                                              {{"new_case_id", "RET-X-4"}, {"reason", "x"}}));
    CHECK(again["status"] == "refused");
    CHECK(again["code"] == "return_already_open");
    CHECK(again["reason"] == "A return of this order has already been started.");
    CHECK(svc.get("/v1/cases/RET-X-4", TestService::channel()).status == 404);
    CHECK(events_of_kind(case_of(svc, "ORD-C0001-1"), "start_return") == 1);

    // The refusal is on the order's timeline for every channel to see.
    json refused_order = case_of(svc, "ORD-C0001-4");
    CHECK(refused_order["timeline"].back()["kind"] == "refused");
    CHECK(refused_order["timeline"].back()["params"]["code"] == "outside_return_window");
    CHECK(refused_order["timeline"].back()["params"]["action"] == "start_return");
    CHECK(refused_order["timeline"].back()["text"] == "");
}

TEST_CASE("change_delivery and cancel_order are refused once dispatched") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json change = send_one(svc, token, command("cd-1", 1, "ORD-C0001-2", "C0001",
                                               "change_delivery", {{"address", "Calle Luna 3"}}));
    CHECK(change["code"] == "already_dispatched");
    CHECK(change["alternative"] == "start_return");

    json ok = send_one(svc, token, command("cd-2", 2, "ORD-C0001-3", "C0001", "change_delivery",
                                           {{"date", kStartTime + 3 * kDay}}));
    CHECK(ok["status"] == "applied");

    json cancel = send_one(svc, token, command("cd-3", 3, "ORD-C0001-1", "C0001", "cancel_order"));
    CHECK(cancel["code"] == "already_shipped");
    CHECK(cancel["alternative"] == "start_return");

    // The call center cancelled this one: the kiosk's change is refused, not applied.
    json cancelled = send_one(svc, token, command("cd-4", 4, "ORD-C0001-5", "C0001",
                                                  "change_delivery", {{"address", "x"}}));
    CHECK(cancelled["code"] == "order_cancelled");
    json again = send_one(svc, token, command("cd-5", 5, "ORD-C0001-5", "C0001", "cancel_order"));
    CHECK(again["code"] == "already_cancelled");
}

TEST_CASE("add_note on a closed case offers a new case") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json r = send_one(svc, token, command("n-1", 1, "CMP-C0001-1", "C0001", "add_note",
                                          {{"text", "Still waiting"}}));
    CHECK(r["code"] == "case_closed");
    CHECK(r["alternative"] == "open_complaint");
    json complaint = send_one(svc, token,
                              command("n-2", 2, "", "C0001", "open_complaint",
                                      {{"new_case_id", "CMP-K-1"},
                                       {"text", "Still waiting for a reply"},
                                       {"kind", "complaint"}}));
    CHECK(complaint["status"] == "applied");
    CHECK(case_of(svc, "CMP-K-1")["kind"] == "complaint");
}

TEST_CASE("answer_intray says where and when it was answered already") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json r = send_one(svc, token, command("a-1", 1, "ORD-C0001-1", "C0001", "answer_intray",
                                          {{"item_id", "IT-C0001-2"}, {"answer", "4"}}));
    CHECK(r["code"] == "already_answered");
    CHECK(r["reason"] == "It was already answered on the web at 2024-06-10 14:02 UTC.");

    json ok = send_one(svc, token, command("a-2", 2, "", "C0001", "answer_intray",
                                           {{"item_id", "IT-C0001-1"},
                                            {"answer", "slot-1"}}));
    CHECK(ok["status"] == "applied");
    CHECK(ok["case_id"] == "ORD-C0001-3");
    json context = svc.get("/v1/customers/C0001/context", TestService::channel()).body;
    for (const auto& item : context["intray"])
        if (item["id"] == "IT-C0001-1") {
            CHECK(item["answer"] == "slot-1");
            CHECK(item["answered_channel"] == "kiosk");
        }
    json bad = send_one(svc, token, command("a-3", 3, "", "C0001", "answer_intray",
                                            {{"item_id", "IT-C0002-1"}, {"answer", "x"}}));
    CHECK(bad["code"] == "invalid");
}

TEST_CASE("update_preferences: per field, the newer change of another channel wins") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json context = svc.get("/v1/customers/C0004/context", TestService::channel()).body;
    std::int64_t seen_version = context["customer"]["version"];

    // The web changes the language after the kiosk last saw the customer.
    json web = svc.post("/v1/cases/ORD-C0004-1/commands",
                        json{{"channel", "web"},
                             {"actor", {{"role", "customer"}, {"id", "C0004"}}},
                             {"action", "update_preferences"},
                             {"customer_id", "C0004"},
                             {"payload", {{"language", "de"}}}},
                        TestService::channel())
                   .body;
    CHECK(web["result"]["status"] == "applied");

    svc.clock().advance(60000);
    json r = send_one(svc, token,
                      command("up-1", 1, "", "C0004", "update_preferences",
                              {{"language", "fr"},
                               {"contact_consent", true},
                               {"base_version", seen_version}}));
    CHECK(r["status"] == "applied");
    CHECK(r["preferences"]["language"] == "de");
    CHECK(r["preferences"]["contact_consent"] == true);
    REQUIRE(r["newer_elsewhere"].size() == 1);
    CHECK(r["newer_elsewhere"][0]["field"] == "language");
    CHECK(r["newer_elsewhere"][0]["channel"] == "web");

    // Without a base version the change is taken as made now: it wins.
    json now = send_one(svc, token, command("up-2", 2, "", "C0004", "update_preferences",
                                            {{"language", "es"}}, "customer", "", 1));
    CHECK(now["preferences"]["language"] == "es");
    CHECK(now["newer_elsewhere"].empty());

    json bad = send_one(svc, token, command("up-3", 3, "", "C0004", "update_preferences",
                                            {{"language", "xx"}}, "customer", "", 2));
    CHECK(bad["code"] == "invalid");
}

TEST_CASE("visit actions: not assigned, cancelled, and a full visit") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    auto visit = [&](const std::string& id, std::int64_t seq, const std::string& case_id,
                     const std::string& action, const json& payload,
                     const std::string& tech = "T1") {
        return send_one(svc, token,
                        command(id, seq, case_id, "", action, payload, "technician", tech));
    };
    json other = visit("v-1", 1, "REP-C0003-1", "visit_check_in", json::object());
    CHECK(other["code"] == "not_assigned");
    CHECK(other["alternative_text"] == "Call dispatch");
    json cancelled = visit("v-2", 2, "REP-C0003-2", "visit_check_in", json::object());
    CHECK(cancelled["code"] == "visit_cancelled");

    std::int64_t seq = 10;
    CHECK(visit("v-10", seq++, "REP-C0002-1", "visit_check_in", json::object())["status"] ==
          "applied");
    CHECK(visit("v-11", seq++, "REP-C0002-1", "visit_step_done", {{"item_id", "CHK-1"}})["status"] ==
          "applied");
    CHECK(visit("v-12", seq++, "REP-C0002-1", "visit_step_done", {{"item_id", "CHK-9"}})["code"] ==
          "invalid");
    // A tick taken back, then ticked again: the work order follows the latest.
    CHECK(visit("v-12a", seq++, "REP-C0002-1", "visit_step_done", {{"item_id", "CHK-1"}, {"done", false}})
              ["status"] == "applied");
    Reply undone = svc.get("/v1/cases/REP-C0002-1", TestService::channel());
    CHECK(undone.body["work_order"]["checklist"][0]["done"] == false);
    const json& undone_event = undone.body["case"]["timeline"].back();
    CHECK(undone_event["kind"] == "visit_step_done");
    CHECK(undone_event["params"]["done"] == "no");
    CHECK(undone_event["params"]["item_id"] == "CHK-1");
    CHECK(undone_event["params"]["item"] == undone.body["work_order"]["checklist"][0]["label"]);
    CHECK(undone_event["params"]["item"]["de"] == "Gerät prüfen");
    CHECK(visit("v-12b", seq++, "REP-C0002-1", "visit_step_done", {{"item_id", "CHK-1"}, {"done", true}})
              ["status"] == "applied");
    CHECK(visit("v-13", seq++, "REP-C0002-1", "visit_parts_used",
                {{"parts", {{{"sku", "PMP-220"}, {"name", "Drain pump"}, {"quantity", 1}}}}})
              ["status"] == "applied");
    CHECK(visit("v-14", seq++, "REP-C0002-1", "visit_note", {{"text", "Filter was clogged"}})
              ["status"] == "applied");
    // "hello" and its SHA-256.
    std::string sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    CHECK(visit("v-15", seq++, "REP-C0002-1", "visit_photo",
                {{"file_name", "pump.jpg"}, {"sha256", sha}, {"bytes_base64", "aGVsbG8="}})
              ["status"] == "applied");
    CHECK(visit("v-16", seq++, "REP-C0002-1", "visit_photo",
                {{"file_name", "pump.jpg"}, {"sha256", sha}, {"bytes_base64", "aGVsbG9v"}})
              ["code"] == "invalid");
    CHECK(visit("v-17", seq++, "REP-C0002-1", "visit_signature",
                {{"strokes", {{1, 2, 3, 4}, {5, 6}}}, {"document_hash", sha}})["status"] ==
          "applied");
    json done = visit("v-18", seq++, "REP-C0002-1", "visit_complete", json::object());
    CHECK(done["status"] == "applied");
    Reply c = svc.get("/v1/cases/REP-C0002-1", TestService::channel());
    CHECK(c.body["case"]["status"] == "completed");
    CHECK(c.body["work_order"]["status"] == "completed");
    CHECK(c.body["work_order"]["checklist"][0]["done"] == true);
    CHECK(c.body["case"]["timeline"].back()["channel"] == "technician");
    CHECK(c.body["case"]["timeline"].back()["actor"] == "technician:T1");
    CHECK(visit("v-19", seq++, "REP-C0002-1", "visit_check_in", json::object())["code"] ==
          "visit_completed");

    // Dispatch cancels a visit through the back office: the technician's queued steps are refused.
    // (REP-C0005-1 is an S2 customer's: in this S1 terminal's scope once T1 verified here.)
    REQUIRE(svc.post("/v1/staff/verify", json{{"staff_id", "T1"}, {"pin", "1357"}},
                     TestService::bearer(token))
                .status == 200);
    svc.channel_command("REP-C0005-1", "cancel_visit");
    CHECK(visit("v-20", seq++, "REP-C0005-1", "visit_check_in", json::object())["code"] ==
          "visit_cancelled");
}

TEST_CASE("roles, feedback range, interactions and online-only actions") {
    TestService svc;
    std::string token = svc.enroll()["token"];
    json tech_return = send_one(svc, token,
                                command("x-1", 1, "ORD-C0001-1", "C0001", "start_return",
                                        {{"new_case_id", "RET-Y"}}, "technician", "T1"));
    CHECK(tech_return["code"] == "not_allowed");
    json fake_rep = send_one(svc, token, command("x-2", 2, "ORD-C0001-3", "C0001", "add_note",
                                                 {{"text", "hi"}}, "rep", "R99"));
    CHECK(fake_rep["code"] == "not_allowed");
    json rep = send_one(svc, token, command("x-3", 3, "ORD-C0001-3", "C0001", "add_note",
                                            {{"text", "Customer called in"}}, "rep", "R1"));
    CHECK(rep["status"] == "applied");
    CHECK(case_of(svc, "ORD-C0001-3")["timeline"].back()["channel"] == "store_terminal");
    json other_customer = send_one(svc, token, command("x-4", 4, "ORD-C0001-3", "C0001",
                                                       "add_note", {{"text", "x"}}, "customer",
                                                       "C0002"));
    CHECK(other_customer["code"] == "forbidden");

    auto kiosk_interactions = [&] {
        json context = svc.get("/v1/customers/C0001/context", TestService::channel()).body;
        int n = 0;
        for (const auto& i : context["interactions"]) n += i["channel"] == "kiosk";
        return n;
    };
    int kiosk_before = kiosk_interactions();
    CHECK(send_one(svc, token, command("x-5", 5, "", "C0001", "feedback",
                                       {{"score", 11}, {"comment", "x"}}))["code"] == "invalid");
    CHECK(send_one(svc, token, command("x-6", 6, "", "C0001", "feedback",
                                       {{"score", "ten"}}))["code"] == "invalid");
    CHECK(send_one(svc, token, command("x-7", 7, "", "C0001", "feedback",
                                       {{"score", 9}, {"comment", "Quick"}}))["status"] ==
          "applied");
    CHECK(send_one(svc, token, command("x-8", 8, "ORD-C0001-1", "C0001", "interaction",
                                       {{"kind", "case_viewed"}}, "automatic", ""))["status"] ==
          "applied");
    CHECK(kiosk_interactions() == kiosk_before + 2);

    json refund = send_one(svc, token, command("x-9", 9, "ORD-C0001-1", "C0001", "refund_payout"));
    CHECK(refund["code"] == "not_supported_here");
    json unknown = send_one(svc, token, command("x-10", 10, "ORD-C0001-1", "C0001", "drop_table"));
    CHECK(unknown["code"] == "invalid");
    // Permanent answers are recorded: the same id gives the same answer.
    CHECK(send_one(svc, token, command("x-10", 10, "ORD-C0001-1", "C0001", "drop_table")) ==
          unknown);
}

TEST_CASE("back-office operations from the call center") {
    TestService svc;
    json shipped = svc.channel_command("ORD-C0001-3", "ship_order");
    CHECK(shipped["result"]["status"] == "applied");
    CHECK(shipped["case"]["status"] == "shipped");
    json delivered = svc.channel_command("ORD-C0001-3", "deliver_order");
    CHECK(delivered["case"]["status"] == "delivered");
    CHECK(delivered["case"]["delivered_at"] == kStartTime);
    CHECK(svc.channel_command("ORD-C0001-3", "set_step", {{"step", 2}})["case"]["current_step"] ==
          2);
    CHECK(svc.channel_command("ORD-C0001-3", "close_case")["case"]["status"] == "closed");
    CHECK(svc.channel_command("ORD-C0001-3", "ship_order")["result"]["code"] == "invalid");

    // A terminal cannot use the channel endpoint.
    std::string token = svc.enroll()["token"];
    Reply r = svc.post("/v1/cases/ORD-C0001-3/commands",
                       json{{"channel", "web"}, {"action", "close_case"}},
                       TestService::bearer(token));
    CHECK(r.status == 403);
}

TEST_CASE("a channel posts an in-tray item in every language, or in English as plain text") {
    TestService svc;
    const json prompt = {{"en", "Approve the quote"}, {"de", "Kostenvoranschlag freigeben"}};
    json posted = svc.channel_command(
        "ORD-C0001-2", "post_intray",
        {{"item_id", "IT-Q-1"},
         {"kind", "approve_quote"},
         {"prompt", prompt},
         {"options", json::array({{{"id", "yes"}, {"text", {{"en", "Yes"}, {"de", "Ja"}}}},
                                  {{"id", "slot"}, {"start", kStartTime}, {"end", kStartTime + 1}},
                                  "Later"})}});
    REQUIRE(posted["result"]["status"] == "applied");
    CHECK(posted["case"]["timeline"].back()["kind"] == "intray_posted");
    CHECK(posted["case"]["timeline"].back()["params"]["item_id"] == "IT-Q-1");
    json context = svc.get("/v1/customers/C0001/context", TestService::channel()).body;
    json item;
    for (const auto& i : context["intray"])
        if (i["id"] == "IT-Q-1") item = i;
    REQUIRE(item.is_object());
    CHECK(item["prompt"] == prompt);
    CHECK(item["options"][0]["text"]["de"] == "Ja");
    CHECK(item["options"][1]["start"] == kStartTime);
    CHECK(item["options"][2]["id"] == "Later");
    CHECK(item["options"][2]["text"] == json{{"en", "Later"}});

    // Plain text is English.
    json plain = svc.channel_command("ORD-C0001-2", "post_intray",
                                     {{"item_id", "IT-Q-2"}, {"kind", "survey"},
                                      {"prompt", "How did we do?"}});
    REQUIRE(plain["result"]["status"] == "applied");
    CHECK(plain["result"]["intray"]["prompt"] == json{{"en", "How did we do?"}});

    // The answer is an option's id; the option's words are not an answer.
    std::string token = svc.enroll()["token"];
    CHECK(send_one(svc, token, command("q-1", 1, "", "C0001", "answer_intray",
                                       {{"item_id", "IT-Q-1"}, {"answer", "Ja"}}))["code"] ==
          "invalid");
    CHECK(send_one(svc, token, command("q-2", 2, "", "C0001", "answer_intray",
                                       {{"item_id", "IT-Q-1"}, {"answer", "yes"}}))["status"] ==
          "applied");

    // Malformed texts and options are refused.
    CHECK(svc.channel_command("ORD-C0001-2", "post_intray",
                              {{"item_id", "IT-Q-3"}, {"kind", "survey"},
                               {"prompt", {{"en", 3}}}})["result"]["code"] == "invalid");
    CHECK(svc.channel_command("ORD-C0001-2", "post_intray",
                              {{"item_id", "IT-Q-3"}, {"kind", "survey"}, {"prompt", "Fine?"},
                               {"options", json::array({{{"id", "x"}}})}})["result"]["code"] ==
          "invalid");
    CHECK(svc.channel_command("ORD-C0001-2", "post_intray",
                              {{"item_id", "IT-Q-1"}, {"kind", "survey"}, {"prompt", "Again"}})
              ["result"]["code"] == "invalid");
}

TEST_CASE("a channel command with a command_id applies once") {
    TestService svc;
    json body = {{"channel", "app"},
                 {"command_id", "app-42"},
                 {"actor", {{"role", "customer"}, {"id", "C0001"}}},
                 {"action", "add_note"},
                 {"payload", {{"text", "Sent from the app"}}}};
    Reply first = svc.post("/v1/cases/ORD-C0001-3/commands", body, TestService::channel());
    REQUIRE(first.status == 200);
    svc.clock().advance(1000);
    Reply again = svc.post("/v1/cases/ORD-C0001-3/commands", body, TestService::channel());
    REQUIRE(again.status == 200);
    CHECK(again.body["result"] == first.body["result"]);
    json order = case_of(svc, "ORD-C0001-3");
    CHECK(events_of_kind(order, "add_note") == 1);
    CHECK(order["timeline"].back()["channel"] == "app");
    CHECK(order["timeline"].back()["command_id"] == "app-42");
}

TEST_CASE("a case made at a terminal keeps the terminal's local reference as an alias") {
    TestService svc;
    json enrolled = svc.enroll();
    const std::string token = enrolled["token"];
    const std::string prefix = tp::local_reference_prefix("S1", enrolled["terminal_id"].get<std::string>());
    json made = send_one(svc, token, command("lr-1", 1, "ORD-C0001-1", "C0001", "start_return",
                                             {{"new_case_id", "RET-L-1"}, {"reason", "Too big"},
                                              {"local_reference", prefix + "1"}}));
    REQUIRE(made["status"] == "applied");
    json c = case_of(svc, "RET-L-1");
    CHECK(c["local_reference"] == prefix + "1");
    CHECK(c["reference"].get<std::string>().rfind("TP-", 0) == 0);
    // The receipt's reference and the service's both find the case.
    CHECK(case_of(svc, prefix + "1")["id"] == "RET-L-1");
    CHECK(case_of(svc, c["reference"].get<std::string>())["id"] == "RET-L-1");

    SUBCASE("another terminal's or store's reference, or one already used, is not taken") {
        json other = svc.enroll("KIOSK-S1-02");
        const std::string other_prefix =
            tp::local_reference_prefix("S1", other["terminal_id"].get<std::string>());
        CHECK(other_prefix != prefix);  // no two terminals of a store share a tag
        const std::string tries[] = {other_prefix + "7", "S2-" + prefix.substr(3) + "8", prefix + "1",
                                     prefix + "x", "TP-10001"};
        int n = 2;
        for (const std::string& reference : tries) {
            CAPTURE(reference);
            const std::string id = "CB-L-" + std::to_string(n);
            json r = send_one(svc, token, command("lr-" + std::to_string(n), n, "", "C0001",
                                                  "request_callback",
                                                  {{"new_case_id", id}, {"topic", "Billing"},
                                                   {"local_reference", reference}}));
            ++n;
            REQUIRE(r["status"] == "applied");  // nothing is lost: the case is made
            CHECK(case_of(svc, id)["local_reference"] == "");
        }
        CHECK(case_of(svc, prefix + "1")["id"] == "RET-L-1");
    }
    SUBCASE("channels make cases without local references") {
        CHECK(svc.get("/v1/cases/" + prefix + "99", TestService::channel()).status == 404);
    }
}
