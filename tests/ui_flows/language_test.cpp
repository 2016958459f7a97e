// The session's language: a kiosk configured in French returns to French after every privacy
// reset, whatever the last customer chose; a language chosen in the session wins over the
// customer's preferred one; only a session where nobody chose one switches to the preference
// when the customer identifies; the customer can always choose another, on every customer screen.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/queries.hpp"

using namespace tp;
using namespace tp::test;

namespace {

FlowOptions french() {
    FlowOptions o;
    o.language = "fr";
    return o;
}

ui::ScreenId screen(FlowRig& rig) { return rig.app->nav().screen; }

// Taps this screen's language button, chooses `lang`, and checks the kiosk came back to this
// screen speaking it.
void switch_here(FlowRig& rig, const std::string& lang) {
    const ui::ScreenId here = screen(rig);
    CAPTURE(ui::scene_name(here));
    rig.tap("screen.language");
    REQUIRE(screen(rig) == ui::ScreenId::Language);
    rig.tap("language." + lang);
    REQUIRE(rig.wait_until([&] { return screen(rig) == here; }));
    CHECK(rig.snap().language == lang);
    rig.frame();
    CHECK(rig.ctx->strings().language() == lang);
    CHECK(rig.shows(rig.text("home.language")));  // the button, in the language chosen
}

}  // namespace

TEST_CASE("a kiosk started in French comes back in French after a privacy reset") {
    FlowRig rig(french());
    rig.frame();
    CHECK(rig.snap().language == "fr");
    CHECK(rig.shows(rig.text("attract.start")));
    customer_signs_in(rig);  // ends in English, the customer's own choice
    REQUIRE(rig.snap().language == "en");

    rig.tap("home.finish");  // the customer's "done": a privacy reset
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Attract; }));
    rig.frame();
    CHECK(rig.snap().language == "fr");
    CHECK(rig.ctx->strings().language() == "fr");

    // The idle reset too.
    customer_signs_in(rig);
    rig.clock.jump(61'000 + 16'000);
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Attract; }));
    rig.frame();
    CHECK(rig.snap().language == "fr");
}

TEST_CASE("the language the customer chose on the language screen wins over their preferred one") {
    FlowRig rig;
    rig.tap("attract.start");
    rig.tap("language.fr");
    // José García, who prefers Spanish, identifies by phone on the digit keypad.
    auto jose = find_customer(rig.app->runtime().store(), "LOY01242486");
    REQUIRE(jose.has_value());
    rig.tap("identify.method.phone");
    for (char d : jose->phone)
        if (d >= '0' && d <= '9') rig.tap(std::string("identify.phone.digit.") + d);
    rig.tap("identify.submit");
    for (char digit : std::string("1234")) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    REQUIRE(rig.wait_until([&] { return rig.snap().customer.has_value(); }));
    REQUIRE(rig.snap().customer->customer.preferences.language == "es");
    REQUIRE(rig.app->nav().screen == ui::ScreenId::CustomerHome);
    CHECK(rig.snap().language == "fr");
    rig.frame();
    CHECK(rig.ctx->strings().language() == "fr");
    CHECK(rig.shows(rig.text("home.finish")));  // the French text

    rig.tap("home.language");
    rig.tap("language.de");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
    CHECK(rig.snap().language == "de");
    CHECK(rig.snap().customer.has_value());  // still served: only the language changed
}

TEST_CASE("with no language chosen in the session, the customer is switched to their preferred one") {
    FlowRig rig;
    rig.frame();
    // The last session chose French; its privacy reset forgets that choice.
    customer_signs_in(rig);
    rig.tap("home.language");
    rig.tap("language.fr");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
    rig.tap("home.finish");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Attract; }));
    rig.frame();
    REQUIRE(rig.snap().language == "en");

    // A session that skips the language screen: identified and verified straight away.
    REQUIRE(rig.core().identify("LOY01242486").ok());  // José García prefers Spanish
    CHECK(rig.snap().language == "en");  // not before the PIN: nothing about him shows yet
    REQUIRE(rig.core().verify_pin("1234").ok());
    REQUIRE(rig.snap().customer.has_value());
    REQUIRE(rig.snap().customer->customer.preferences.language == "es");
    CHECK(rig.snap().language == "es");
    rig.frame();
    CHECK(rig.ctx->strings().language() == "es");
}

TEST_CASE("every customer screen has a language button that comes back to it in the language chosen") {
    FlowOptions tall;
    tall.height = 1600;  // José's in-tray shows below his open cases without scrolling
    FlowRig rig(tall);
    rig.tap("attract.start");
    rig.tap("language.en");
    REQUIRE(screen(rig) == ui::ScreenId::Identify);
    switch_here(rig, "de");
    rig.tap("identify.field");
    rig.type("LOY01242486");
    rig.tap("identify.submit");
    REQUIRE(screen(rig) == ui::ScreenId::Verify);
    switch_here(rig, "fr");
    for (char digit : std::string("1234")) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    REQUIRE(rig.wait_until([&] { return rig.snap().customer.has_value(); }));
    REQUIRE(screen(rig) == ui::ScreenId::CustomerHome);
    CHECK(rig.snap().language == "fr");  // chosen on the way: wins over his Spanish

    rig.tap("home.intray.IT-C0001-1");
    REQUIRE(screen(rig) == ui::ScreenId::InTrayAnswer);
    switch_here(rig, "es");
    rig.tap("common.back");
    rig.tap("home.feedback");
    REQUIRE(screen(rig) == ui::ScreenId::Feedback);
    switch_here(rig, "de");
    rig.tap("common.back");
    rig.tap("home.case.ORD-C0001-1");
    REQUIRE(screen(rig) == ui::ScreenId::CaseDetail);
    switch_here(rig, "en");
    rig.tap("case.action.start_return");
    REQUIRE(screen(rig) == ui::ScreenId::ActionForm);
    switch_here(rig, "es");
    rig.tap("form.choice.reason.damaged");
    rig.tap("form.submit");
    REQUIRE(rig.wait_until([&] { return screen(rig) == ui::ScreenId::Receipt; }));
    switch_here(rig, "fr");
    CHECK(rig.snap().customer.has_value());  // still served throughout: only the language changed
}
