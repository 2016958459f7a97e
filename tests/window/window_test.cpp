// The real `touchpoint` in a real X window (Xvfb), driven by real input events (xdotool) against
// the real service: what a customer, a rep and a technician do with a mouse and a keyboard.
// Screenshots of each step go to shots_dir() (README links a few).

#include <map>
#include <thread>

#include "window_rig.hpp"

using namespace tp::test;
using nlohmann::json;

namespace {

// José identifies with his loyalty number and PIN, having chosen `language` on the language screen.
void jose_signs_in(WindowRig& rig, const std::string& language) {
    REQUIRE(rig.wait_for_screen("attract"));
    rig.click("attract.start");
    rig.click("language." + language);
    rig.click("identify.field");
    rig.type("LOY01242486");
    rig.click("identify.submit");
    for (char digit : std::string("1234")) rig.click(std::string("verify.digit.") + digit);
    rig.click("verify.submit");
    REQUIRE(rig.wait_for_screen("customer-home"));
}

}  // namespace

TEST_CASE("a rep signs in typing a lowercase ID on the keyboard, correcting it with BackSpace") {
    WindowRig rig;
    REQUIRE(rig.wait_for_screen("attract"));
    rig.screenshot("rep-1-attract");
    rig.click("attract.staff");
    REQUIRE(rig.wait_for_screen("staff-sign-in"));
    rig.click("staff.field.id");
    rig.type("r2");
    rig.key("BackSpace");
    rig.type("1");
    rig.click("staff.field.pin");
    for (char digit : std::string("2468")) rig.click(std::string("staff.digit.") + digit);
    rig.screenshot("rep-2-typed");
    rig.click("staff.submit");
    REQUIRE(rig.wait_for([](const json& p) { return p["state"]["staff_id"] == "R1"; }));
    REQUIRE(rig.wait_for_screen("customer-search"));
    rig.screenshot("rep-3-signed-in");
}

TEST_CASE("a wrong staff PIN's message goes once the ID is corrected") {
    WindowRig rig;
    rig.click("attract.staff");
    rig.click("staff.field.id");
    rig.type("r9");
    rig.click("staff.field.pin");
    for (char digit : std::string("2468")) rig.click(std::string("staff.digit.") + digit);
    rig.click("staff.submit");
    REQUIRE(rig.wait_for([](const json& p) {
        for (const auto& t : p["texts"])
            if (t.get<std::string>().find("Wrong staff ID or PIN") != std::string::npos) return true;
        return false;
    }));
    rig.screenshot("staff-wrong");
    rig.click("staff.field.id");
    rig.key("BackSpace");
    REQUIRE(rig.wait_for([](const json& p) {
        for (const auto& t : p["texts"])
            if (t.get<std::string>().find("Wrong staff ID or PIN") != std::string::npos) return false;
        return true;
    }));
}

TEST_CASE("an idle kiosk sleeps: under 5% of one core over 10 idle seconds") {
    WindowRig rig;
    REQUIRE(rig.wait_for_screen("attract"));
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the first sync settles
    const double before = rig.kiosk_cpu_seconds();
    std::this_thread::sleep_for(std::chrono::seconds(10));
    const double used = rig.kiosk_cpu_seconds() - before;
    MESSAGE("idle kiosk: " << used << " s of CPU in 10 s (" << used * 10 << "% of one core)");
    CHECK(used < 0.5);
}

TEST_CASE("the privacy reset after an idle customer session leaves nothing of it on screen") {
    WindowOptions options;
    options.extra_args = {"--idle-timeout", "12"};
    WindowRig rig(options);
    jose_signs_in(rig, "en");
    REQUIRE(rig.wait_for([&](const json&) { return rig.shows("José"); }));
    rig.screenshot("privacy-1-home");
    rig.widget("idle.finish");  // the "still there?" warning, after 12 idle seconds
    rig.screenshot("privacy-2-warning");
    rig.click("idle.finish");
    REQUIRE(rig.wait_for_screen("attract"));
    CHECK(rig.wait_for([&](const json&) { return !rig.shows("José") && !rig.shows("García"); }));
    CHECK(rig.probe()["state"]["customer_id"] == "");
    rig.screenshot("privacy-3-reset");
}


namespace {

// The top edge of each widget of the customer home's list (cases and waiting items), by id.
std::map<std::string, double> home_rows(const json& p) {
    std::map<std::string, double> rows;
    for (const auto& w : p["widgets"]) {
        const std::string id = w["id"];
        if (id.rfind("home.case.", 0) == 0 || id.rfind("home.intray.", 0) == 0) rows[id] = w["y"].get<double>();
    }
    return rows;
}

// The widget `id` of the last probe record, or null.
json probed(const json& p, const std::string& id) {
    for (const auto& w : p["widgets"])
        if (w["id"] == id) return w;
    return nullptr;
}

}  // namespace

TEST_CASE("a technician's customer signs by dragging on the pad; complete waits for the printed name") {
    WindowRig rig;
    REQUIRE(rig.wait_for_screen("attract"));
    rig.click("attract.staff");
    rig.click("staff.field.id");
    rig.type("t1");
    rig.click("staff.field.pin");
    for (char digit : std::string("1357")) rig.click(std::string("staff.digit.") + digit);
    rig.click("staff.submit");
    REQUIRE(rig.wait_for_screen("work-orders"));
    const std::string visit = "REP-C0002-1";
    rig.click("workorders.open." + visit);
    REQUIRE(rig.wait_for_screen("visit-flow"));
    rig.click("visit.check_in");
    const auto is_step = [](const json& w) {
        return w["id"].get<std::string>().rfind("visit.step.", 0) == 0 && w["enabled"] == true;
    };
    REQUIRE(rig.wait_for([&](const json& p) {
        for (const auto& w : p["widgets"])
            if (is_step(w)) return true;
        return false;
    }));
    // Every checklist item, ticked with a click each (a second click would untick it).
    std::vector<std::string> steps;
    const json before_ticks = rig.probe();
    for (const auto& w : before_ticks["widgets"])
        if (is_step(w)) steps.push_back(w["id"]);
    for (const std::string& step : steps) rig.click(step);
    // Only the signature is missing now ("The customer signs the report on the pad first.").
    REQUIRE(rig.wait_for([&](const json&) { return rig.shows("signs the report on the pad"); }));
    // The visit opened, by the reference its report names it by ("Service visit report TP-…");
    // the service finds a case by its reference.
    std::string opened;
    const json shown = rig.probe();
    const std::string title = "Service visit report ";
    for (const auto& t : shown["texts"]) {
        const std::string text = t.get<std::string>();
        if (auto at = text.find(title); at != std::string::npos)
            opened = text.substr(at + title.size(), text.find('\n', at) - at - title.size());
    }
    REQUIRE_MESSAGE(!opened.empty(), shown["texts"].dump());
    const json pad = rig.widget("visit.sign.pad");
    REQUIRE(pad["visible"]["h"].get<float>() >= 100.0f);  // the whole pad is in view
    rig.screenshot("technician-1-ready");

    // A real stroke, dragged with the mouse across the pad.
    const int y = static_cast<int>(pad["y"].get<float>() + pad["h"].get<float>() * 0.5f);
    const int x0 = static_cast<int>(pad["x"].get<float>() + pad["w"].get<float>() * 0.15f);
    const int x1 = static_cast<int>(pad["x"].get<float>() + pad["w"].get<float>() * 0.75f);
    rig.drag(x0, y, x1, y - 30, 16);
    REQUIRE(rig.wait_for([](const json& p) {
        return p["state"]["signature_strokes"] == 1 && p["state"]["signature_points"].get<int>() >= 4;
    }));
    const json after = probed(rig.probe(), "visit.sign.pad");
    REQUIRE_FALSE(after.is_null());
    for (const char* side : {"x", "y", "w", "h"}) CHECK(after[side] == pad[side]);  // it did not move
    // Strokes alone are not a signature: the signer's printed name is missing.
    CHECK(probed(rig.probe(), "visit.complete")["enabled"] == false);
    CHECK(rig.shows("signer's name"));
    rig.screenshot("technician-2-signed");

    rig.click("visit.field.signer");
    rig.type("Ana Ruiz");
    rig.key("Return");
    REQUIRE(rig.wait_for([](const json& p) {
        const json done = probed(p, "visit.complete");
        return !done.is_null() && done["enabled"] == true;
    }));
    rig.screenshot("technician-3-named");
    rig.click("visit.complete");
    REQUIRE(rig.wait_for([](const json& p) { return probed(p, "visit.sign.pad").is_null(); }));
    rig.screenshot("technician-4-completed");

    // The service has the signature, by the name typed.
    bool signed_by_name = false;
    REQUIRE(rig.wait_for([&](const json&) {
        auto reply = rig.service().get("/v1/cases/" + opened, tp::service::testing::TestService::channel());
        if (reply.status != 200) return false;
        for (const auto& e : reply.body["case"]["timeline"])
            if (e.value("kind", "") == "visit_signature" && e.contains("params") &&
                e["params"].value("signer", "") == "Ana Ruiz")
                signed_by_name = true;
        return signed_by_name;
    }, std::chrono::seconds(30)));
}

namespace {

tp::Millis wall_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool shows_on(const json& p, const std::string& text) {
    for (const auto& t : p.value("texts", json::array()))
        if (t.get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a return the dates rule out is disabled before asking; one refused offline shows on the receipt") {
    constexpr tp::Millis kMinute = 60 * 1000;
    constexpr tp::Millis kDay = 24 * 60 * kMinute;
    WindowRig rig;
    // The warehouse records a delivery dated 29 days and 56 minutes ago: returnable for minutes.
    rig.service().channel_command("ORD-C0001-2", "deliver_order",
                                  {{"delivered_at", wall_now() - 30 * kDay + 4 * kMinute}});
    jose_signs_in(rig, "es");  // Spanish, his own language
    REQUIRE(rig.wait_for([&](const json&) { return rig.shows("José"); }));
    rig.screenshot("return-0-home");  // in Spanish, the language José chose

    // An order delivered long ago: the return is offered disabled, with the reason, before asking.
    rig.click("home.case.ORD-C0001-4");
    REQUIRE(rig.wait_for_screen("case-detail"));
    REQUIRE_MESSAGE(rig.wait_for([](const json& p) {
        const json button = probed(p, "case.action.start_return");
        return !button.is_null() && button["enabled"] == false &&
               shows_on(p, "No es posible: el plazo de devolución ha terminado");
    }), rig.probe().dump());
    rig.screenshot("return-1-ruled-out");
    rig.click("common.back");
    REQUIRE(rig.wait_for_screen("customer-home"));

    // The order just delivered: the terminal cannot tell; offline, the return is queued.
    REQUIRE(rig.wait_for([](const json& p) { return !probed(p, "home.case.ORD-C0001-2").is_null(); }));
    rig.service().stop();
    REQUIRE(rig.wait_for([](const json& p) { return p["state"]["online"] == false; },
                         std::chrono::seconds(30)));
    rig.click("home.case.ORD-C0001-2");
    REQUIRE(rig.wait_for_screen("case-detail"));
    rig.click("case.action.start_return");
    REQUIRE(rig.wait_for_screen("action-form"));
    rig.click("form.choice.reason.damaged");
    rig.click("form.submit");
    REQUIRE(rig.wait_for_screen("receipt"));
    // A short reference at once — the store, the terminal's tag, a number — never a raw id.
    std::string reference;
    REQUIRE(rig.wait_for([&](const json& p) {
        for (const auto& t : p.value("texts", json::array())) {
            const std::string text = t.get<std::string>();
            const std::string label = "Referencia del caso: ";
            if (auto at = text.find(label + "S1-"); at != std::string::npos)
                reference = text.substr(at + label.size());
        }
        return !reference.empty();
    }));
    CHECK(reference.size() <= 12);
    CHECK_FALSE(rig.shows("K-"));
    CHECK(rig.shows("Estado: Solicitado"));  // a status in words, never "requested"
    CHECK_FALSE(rig.shows("requested"));
    rig.screenshot("return-2-offline-receipt");

    // The service comes back after the window has closed: it refuses, and the customer sees it
    // on the receipt they are looking at.
    rig.advance_service_clock(10 * kMinute);
    rig.service().start_on_same_port();
    REQUIRE_MESSAGE(rig.wait_for([](const json& p) {
        return p["screen"] == "receipt" && shows_on(p, "Rechazado: el plazo de devolución ha terminado") &&
               shows_on(p, "No aceptado");
    }, std::chrono::seconds(60)), rig.probe()["texts"].dump());
    CHECK_FALSE(rig.shows("not available on this terminal"));  // the core's old answer, untranslated
    CHECK(rig.shows(reference));
    rig.screenshot("return-3-refused-on-receipt");
}

TEST_CASE("a customer drags the long home upwards with the mouse: it scrolls, and the drag opens nothing") {
    WindowRig rig;  // 1280 x 800
    rig.click("attract.start");
    rig.click("language.en");
    rig.click("identify.field");
    rig.type("LOY01242486");
    rig.click("identify.submit");
    for (char digit : std::string("1234")) rig.click(std::string("verify.digit.") + digit);
    rig.click("verify.submit");
    REQUIRE(rig.wait_for_screen("customer-home"));
    INFO(rig.kiosk_log());
    const json row = rig.widget("home.case.ORD-C0001-1");
    const auto before = home_rows(rig.probe());
    rig.screenshot("scroll-1-home");

    // Pressed on a case's row, dragged 200 px up, released.
    const json& v = row["visible"];
    const int x = static_cast<int>(v["x"].get<double>() + v["w"].get<double>() / 2);
    const int y = static_cast<int>(v["y"].get<double>() + v["h"].get<double>() / 2);
    rig.drag(x, y, x, y - 200, 16);
    const auto scrolled = [&](const json& p) {
        int moved = 0;
        for (const auto& [id, top] : home_rows(p)) {
            auto was = before.find(id);
            if (was == before.end()) continue;
            if (top > was->second - 100.0) return false;  // a row that stayed: not scrolled
            ++moved;
        }
        return moved > 0;
    };
    REQUIRE_MESSAGE(rig.wait_for(scrolled, std::chrono::seconds(5)), rig.probe()["widgets"].dump());
    rig.screenshot("scroll-2-dragged");
    // The release landed on the row it began on, moved with the list: a drag is not a click.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(rig.probe()["screen"] == "customer-home");
    CHECK(rig.probe()["state"]["customer_id"] != "");

    // A click still opens what it lands on.
    const auto rows = home_rows(rig.probe());
    REQUIRE_FALSE(rows.empty());
    rig.click(rows.begin()->first);
    REQUIRE(rig.wait_for([](const json& p) { return p["screen"] != "customer-home"; }));
    rig.screenshot("scroll-3-clicked");
}
