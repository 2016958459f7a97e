// The real `touchpoint` in a real X window (Xvfb), driven by real input events (xdotool) against
// the real service: what a customer, a rep and a technician do with a mouse and a keyboard.
// Screenshots of each step go to shots_dir() (README links a few).

#include <thread>

#include "window_rig.hpp"

using namespace tp::test;
using nlohmann::json;

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
            if (t.get<std::string>().find("not correct") != std::string::npos) return true;
        return false;
    }));
    rig.screenshot("staff-wrong");
    rig.click("staff.field.id");
    rig.key("BackSpace");
    REQUIRE(rig.wait_for([](const json& p) {
        for (const auto& t : p["texts"])
            if (t.get<std::string>().find("not correct") != std::string::npos) return false;
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
    rig.click("attract.start");
    rig.click("language.en");
    rig.click("identify.field");
    rig.type("LOY01242486");
    rig.click("identify.submit");
    for (char digit : std::string("1234")) rig.click(std::string("verify.digit.") + digit);
    rig.click("verify.submit");
    REQUIRE(rig.wait_for_screen("customer-home"));
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

