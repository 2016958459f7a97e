#pragma once
// Steps several flows share: a customer or a staff member signing in through the screens.

#include <string>

#include "flow_rig.hpp"

namespace tp::test {

// Attract → English → loyalty number typed on the keyboard → PIN on the keypad → customer home,
// which stays in English, the language chosen in this session, whatever the customer prefers.
inline void customer_signs_in(FlowRig& rig, const std::string& loyalty = "LOY01242486",
                              const std::string& pin = "1234") {
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.tap("identify.field");
    rig.type(loyalty);
    rig.tap("identify.submit");
    for (char digit : pin) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    // The PIN is checked beside the frames; the frame that takes its answer opens the home and
    // the next one draws it.
    REQUIRE(rig.wait_until([&] { return rig.snap().customer.has_value(); }));
    REQUIRE(rig.app->nav().screen == ui::ScreenId::CustomerHome);
    rig.frame();
    REQUIRE(rig.snap().language == "en");
}

// Attract → staff → id on the keyboard → PIN on the keypad → the role's first screen.
inline void staff_signs_in(FlowRig& rig, const std::string& staff_id, const std::string& pin) {
    rig.tap("attract.staff");
    rig.tap("staff.field.id");
    rig.type(staff_id);
    rig.tap("staff.field.pin");
    for (char digit : pin) rig.tap(std::string("staff.digit.") + digit);
    rig.tap("staff.submit");
    REQUIRE(rig.wait_until([&] {
        return rig.snap().identity.has_value() && rig.snap().identity->staff_id == staff_id;
    }));
    rig.frame();
}

}  // namespace tp::test
