// Nothing under a finger moves when the state changes: the connection dropping or returning, a
// message appearing, a checklist row being ticked. Each case reads where a widget is, changes the
// state, and asserts the widget is still exactly there.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

namespace {

ui::Rect where(FlowRig& rig, std::string_view id) {
    REQUIRE(rig.wait_until([&] { return rig.has_widget(id); }));
    return rig.ctx->widgets().find_id(id)->rect;
}

void same_place(const ui::Rect& before, const ui::Rect& after) {
    CHECK(after.x == before.x);
    CHECK(after.y == before.y);
    CHECK(after.w == before.w);
    CHECK(after.h == before.h);
}

}  // namespace

TEST_CASE("the customer home does not move when the connection drops and returns") {
    FlowRig rig;
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.online; }, std::chrono::seconds(20)));
    customer_signs_in(rig);
    const ui::Rect online = where(rig, "home.finish");
    rig.service.stop();
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.online; }));
    rig.frame();
    REQUIRE(rig.shows(rig.text("offline.since")));
    same_place(online, where(rig, "home.finish"));
    rig.service.start_on_same_port();
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.online; }, std::chrono::seconds(30)));
    rig.frame();
    CHECK_FALSE(rig.shows(rig.text("offline.since")));
    same_place(online, where(rig, "home.finish"));
}

TEST_CASE("a wrong PIN's message moves neither the keypad nor the back button") {
    FlowRig rig;
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.tap("identify.field");
    rig.type("LOY01242486");
    rig.tap("identify.submit");
    const ui::Rect nine = where(rig, "verify.digit.9");
    const ui::Rect back = where(rig, "common.back");
    for (char digit : std::string("9999")) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    REQUIRE(rig.wait_until([&] { return !rig.app->state().notice.empty(); }));
    rig.frame();
    same_place(nine, where(rig, "verify.digit.9"));
    same_place(back, where(rig, "common.back"));
}

TEST_CASE("a staff sign-in message, however long, does not move the keypad") {
    FlowRig rig;
    rig.tap("attract.staff");
    rig.tap("staff.field.id");
    rig.type("R1");
    rig.tap("staff.field.pin");
    const ui::Rect one = where(rig, "staff.digit.1");
    // Five wrong PINs: "not correct", then the lockout's longer message.
    for (int attempt = 0; attempt < 5; ++attempt) {
        for (char digit : std::string("1111")) rig.tap(std::string("staff.digit.") + digit);
        rig.tap("staff.submit");
        REQUIRE(rig.wait_until([&] { return !rig.app->state().notice.empty(); }));
        rig.frame();
        same_place(one, where(rig, "staff.digit.1"));
    }
}

TEST_CASE("ticking a checklist row leaves the next row where the finger expects it") {
    FlowOptions options;
    options.enrollment_code = "KIOSK-S1-11";
    FlowRig rig(options);
    staff_signs_in(rig, "T1", "1357");
    const std::string visit = "REP-C0002-1";
    REQUIRE(rig.wait_until([&] { return rig.has_widget("workorders.open." + visit); },
                           std::chrono::seconds(20)));
    rig.tap("workorders.open." + visit);
    rig.tap("visit.check_in");
    std::vector<std::string> steps;
    for (const auto& wo : rig.snap().work_orders)
        if (wo.order.case_id == visit)
            for (const auto& item : wo.order.checklist) steps.push_back(item.id);
    REQUIRE(steps.size() >= 2);
    const ui::Rect second = where(rig, "visit.step." + steps[1]);
    rig.tap("visit.step." + steps[0]);
    REQUIRE(rig.wait_until([&] {
        for (const auto& wo : rig.snap().work_orders) {
            if (wo.order.case_id != visit) continue;
            if (wo.local_progress.contains("done")) return wo.local_progress["done"].value(steps[0], false);
            return wo.order.checklist.front().done;  // confirmed already
        }
        return false;
    }));
    rig.frame();  // drawn ticked, with its "waiting to sync" chip
    same_place(second, where(rig, "visit.step." + steps[1]));
}

TEST_CASE("an in-tray answer's Back stays where it was once the answer is sent") {
    FlowOptions tall;
    tall.height = 1600;  // José's in-tray shows below his open cases without scrolling
    FlowRig rig(tall);
    customer_signs_in(rig);
    rig.tap("home.intray.IT-C0001-1");  // "Confirm your delivery slot", two offered answers
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::InTrayAnswer; }));
    const ui::Rect back = where(rig, "common.back");
    const ui::Rect send = where(rig, "intray.submit");
    rig.tap("intray.option.slot-1");
    rig.tap("intray.submit");
    REQUIRE(rig.wait_until([&] { return !rig.has_widget("intray.submit"); }));  // answered: disabled
    rig.frame();
    same_place(back, where(rig, "common.back"));
    const auto kept = rig.ctx->widgets().find_id("intray.submit");
    REQUIRE(kept.has_value());  // Send keeps its place, disabled
    CHECK_FALSE(kept->enabled);
    same_place(send, kept->rect);
}
