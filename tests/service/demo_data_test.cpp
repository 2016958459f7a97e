// The demo data set: deterministic, sized on request, and holding what docs/sync-protocol.md §9
// promises.

#include <map>
#include <set>

#include "service_fixture.hpp"
#include "touchpoint/crypto.hpp"

using namespace tp::service::testing;

namespace {

// Every entity two S1 and S2 terminals see, keyed by type and id.
std::map<std::string, json> everything(TestService& svc) {
    std::map<std::string, json> all;
    for (const char* code : {"KIOSK-S1-10", "KIOSK-S2-03"}) {
        std::string token = svc.enroll(code)["token"];
        std::string cursor;
        for (const auto& c : svc.drain_feed(token, cursor, 500))
            all[c["type"].get<std::string>() + "/" + c["id"].get<std::string>()] = c["data"];
    }
    return all;
}

int count_type(const std::map<std::string, json>& all, const std::string& type) {
    int n = 0;
    for (const auto& [key, data] : all) n += key.rfind(type + "/", 0) == 0;
    return n;
}

}  // namespace

TEST_CASE("the same size and anchor give the same data") {
    TestService a(60);
    TestService b(60);
    auto first = everything(a);
    auto second = everything(b);
    CHECK(first.size() == second.size());
    CHECK(first == second);
    CHECK(a.service().epoch() != b.service().epoch());
}

TEST_CASE("the size is the number of customers, split across S1 and S2") {
    TestService svc(120);
    auto all = everything(svc);
    CHECK(count_type(all, "customer") == 120);
    int s2 = 0;
    for (const auto& [key, data] : all)
        if (key.rfind("customer/", 0) == 0 && data["store_id"] == "S2") ++s2;
    CHECK(s2 == 24);
    CHECK(count_type(all, "staff") == 4);
}

TEST_CASE("the fixed customers and staff are as documented") {
    TestService svc(40);
    auto all = everything(svc);
    auto status = [&](const std::string& id) { return all.at("case/" + id)["status"]; };
    CHECK(all.at("customer/C0001")["name"] == "José García");
    CHECK(all.at("customer/C0002")["name"] == "Zoë Müller");
    CHECK(all.at("customer/C0003")["name"] == "François Lefèvre");
    CHECK(all.at("customer/C0004")["name"] == "Søren Østergaard");
    CHECK(all.at("customer/C0005")["name"] == "María Ñúñez");
    CHECK(all.at("customer/C0005")["store_id"] == "S2");
    CHECK(status("ORD-C0001-1") == "delivered");
    CHECK(status("ORD-C0001-2") == "shipped");
    CHECK(status("ORD-C0001-3") == "placed");
    CHECK(status("ORD-C0001-4") == "delivered");
    CHECK(status("ORD-C0001-5") == "cancelled");
    CHECK(status("CMP-C0001-1") == "closed");
    CHECK(status("RET-C0002-1") == "open");
    CHECK(all.at("case/CB-C0002-1")["kind"] == "callback");
    tp::Millis anchor = kStartTime - 12 * kHour;
    tp::Millis recent = all.at("case/ORD-C0001-1")["delivered_at"];
    tp::Millis old = all.at("case/ORD-C0001-4")["delivered_at"];
    CHECK(kStartTime - recent < 6 * kDay);
    CHECK(kStartTime - old > 44 * kDay);
    CHECK(all.at("case/ORD-C0004-1")["delivered_at"].get<tp::Millis>() > anchor - 3 * kDay);
    CHECK(all.at("work_order/REP-C0002-1")["technician_id"] == "T1");
    CHECK(all.at("work_order/REP-C0002-1")["checklist"].size() == 3);
    CHECK(all.at("work_order/REP-C0003-1")["technician_id"] == "T2");
    CHECK(all.at("work_order/REP-C0003-2")["status"] == "cancelled");
    CHECK(all.at("work_order/REP-C0005-1")["technician_id"] == "T1");
    CHECK(all.at("intray/IT-C0001-1")["answer"] == "");
    CHECK(all.at("intray/IT-C0001-2")["answered_channel"] == "web");

    // Every demo customer's PIN is 1234; staff PINs as documented.
    for (const auto& [key, data] : all) {
        if (key.rfind("customer/", 0) != 0) continue;
        CHECK(tp::pin_matches(data["pin_salt"].get<std::string>(),
                             data["pin_hash"].get<std::string>(), "1234"));
    }
    const std::map<std::string, std::string> pins{
        {"R1", "2468"}, {"R2", "8642"}, {"T1", "1357"}, {"T2", "7531"}};
    for (const auto& [id, pin] : pins) {
        const json& staff = all.at("staff/" + id);
        CHECK(tp::pin_matches(staff["pin_salt"].get<std::string>(),
                              staff["pin_hash"].get<std::string>(), pin));
    }
}

TEST_CASE("the generated part covers every order state, channel and kind of case") {
    TestService svc(80);
    auto all = everything(svc);
    std::set<std::string> order_states, kinds, channels;
    int accented = 0;
    for (const auto& [key, data] : all) {
        if (key.rfind("case/", 0) == 0) {
            kinds.insert(data["kind"].get<std::string>());
            if (data["kind"] == "order") order_states.insert(data["status"].get<std::string>());
        }
        if (key.rfind("interaction/", 0) == 0) channels.insert(data["channel"].get<std::string>());
        if (key.rfind("customer/", 0) == 0) {
            std::string name = data["name"];
            for (unsigned char c : name)
                if (c >= 0x80) {
                    ++accented;
                    break;
                }
        }
    }
    CHECK(order_states == std::set<std::string>{"placed", "shipped", "delivered", "cancelled"});
    for (const char* kind : {"order", "return", "repair", "complaint", "callback"})
        CHECK(kinds.count(kind) == 1);
    for (const char* channel : {"web", "app", "call_center", "chat", "email"})
        CHECK(channels.count(channel) == 1);
    CHECK(accented > 20);
    CHECK(count_type(all, "offer") > 20);
    CHECK(count_type(all, "intray") > 3);
}
