// Typing before anyone is signed in is activity: a customer slowly typing the PIN on the verify
// keypad, or a rep retyping theirs after a wrong one, is not reset by the idle timeout while
// they type; a staff sign-in left with an ID typed is still wiped after the idle period.

#include "flow_rig.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kSlow = 50'000;  // between two taps: under the 60 s idle timeout, over it twice

ui::ScreenId screen(FlowRig& rig) { return rig.app->nav().screen; }

// Lets `ms` pass without a touch and draws a frame (the idle rules run each frame).
void pause(FlowRig& rig, Millis ms) {
    rig.clock.jump(ms);
    rig.frame();
    rig.frame();
}

}  // namespace

TEST_CASE("a customer typing the PIN slowly on the keypad is not reset while typing") {
    FlowRig rig;
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.tap("identify.field");
    rig.type("LOY01242486");
    rig.tap("identify.submit");
    REQUIRE(rig.wait_until([&] { return screen(rig) == ui::ScreenId::Verify; }));
    for (char digit : std::string("1234")) {
        CAPTURE(digit);
        pause(rig, kSlow);
        REQUIRE(screen(rig) == ui::ScreenId::Verify);
        CHECK(rig.snap().phase == SessionPhase::Active);
        rig.tap(std::string("verify.digit.") + digit);
    }
    pause(rig, kSlow);
    REQUIRE(screen(rig) == ui::ScreenId::Verify);
    rig.tap("verify.submit");
    REQUIRE(rig.wait_until([&] { return rig.snap().customer.has_value(); }));
    CHECK(screen(rig) == ui::ScreenId::CustomerHome);
}

TEST_CASE("a rep retyping a PIN slowly after a wrong one is not reset while typing") {
    FlowRig rig;
    rig.tap("attract.staff");
    rig.tap("staff.field.id");
    rig.type("r1");
    rig.tap("staff.field.pin");
    for (char digit : std::string("1111")) rig.tap(std::string("staff.digit.") + digit);
    rig.tap("staff.submit");
    REQUIRE(rig.wait_until([&] { return rig.shows(rig.text("staff.wrong_pin")); }));
    for (char digit : std::string("2468")) {
        CAPTURE(digit);
        pause(rig, kSlow);
        REQUIRE(screen(rig) == ui::ScreenId::StaffSignIn);
        rig.tap(std::string("staff.digit.") + digit);
    }
    pause(rig, kSlow);
    REQUIRE(screen(rig) == ui::ScreenId::StaffSignIn);
    rig.tap("staff.submit");
    REQUIRE(rig.wait_until([&] { return rig.snap().identity.has_value(); }));
    CHECK(rig.snap().identity->staff_id == "R1");
}

TEST_CASE("a staff sign-in left with an ID typed is wiped after the idle period") {
    FlowRig rig;
    rig.tap("attract.staff");
    rig.tap("staff.field.id");
    rig.type("r1");
    REQUIRE(rig.shows("r1"));
    pause(rig, 61'000);
    pause(rig, 16'000);
    REQUIRE(rig.wait_until([&] { return screen(rig) == ui::ScreenId::Attract; }));
    CHECK(rig.app->state().fields.empty());
    CHECK_FALSE(rig.shows("r1"));
}
