// The session's language: a kiosk configured in French returns to French after every privacy
// reset, whatever the last customer chose; a customer is switched to their preferred language
// when they identify, and can still choose another.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

namespace {

FlowOptions french() {
    FlowOptions o;
    o.language = "fr";
    return o;
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

TEST_CASE("a customer is switched to their preferred language when identified, and may change it") {
    FlowRig rig;
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.tap("identify.field");
    rig.type("LOY01242486");  // José García prefers Spanish
    rig.tap("identify.submit");
    CHECK(rig.snap().language == "en");  // not before the PIN: nothing about him shows yet
    for (char digit : std::string("1234")) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    REQUIRE(rig.wait_until([&] { return rig.snap().customer.has_value(); }));
    REQUIRE(rig.snap().customer->customer.preferences.language == "es");
    CHECK(rig.snap().language == "es");
    rig.frame();
    CHECK(rig.ctx->strings().language() == "es");
    CHECK(rig.shows(rig.text("home.finish")));  // the Spanish text

    rig.tap("home.language");
    rig.tap("language.de");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
    CHECK(rig.snap().language == "de");
    CHECK(rig.snap().customer.has_value());  // still served: only the language changed
}
