// The forms as a customer meets them: each way of identifying brings its own input (letters,
// a digit keypad for the phone, none for a QR code) and switching clears the old text and
// error; a "please fill in" message goes once the field is filled; "Another reason" asks which.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::test;

namespace {

bool letter_keyboard_shown(FlowRig& rig) { return rig.has_widget("kbd.key.a") || rig.has_widget("kbd.key.q"); }

void to_identify(FlowRig& rig) {
    rig.tap("attract.start");
    rig.tap("language.en");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Identify; }));
}

// "Please fill in: Reason" in the current language.
std::string format_missing(FlowRig& rig, const char* label_key) {
    return rig.ctx->msg("form.required_missing", {{"field", rig.ctx->tr(label_key)}});
}

std::string digits(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

}  // namespace

TEST_CASE("identify: the phone gets a digit keypad, the QR code no keyboard, and switching clears") {
    FlowRig rig;
    to_identify(rig);
    CHECK(letter_keyboard_shown(rig));  // loyalty number: letters and digits
    rig.type("NOBODY99");
    rig.tap("identify.submit");
    REQUIRE(rig.wait_until([&] { return rig.app->state().notice_is_error && !rig.app->state().notice.empty(); }));
    const std::string error = rig.app->state().notice;
    CHECK(rig.shows(error));

    rig.tap("identify.method.phone");
    rig.frame();
    CHECK(rig.app->state().fields.at("identify.field").empty());
    CHECK_FALSE(rig.shows("NOBODY99"));
    CHECK_FALSE(rig.shows(error));
    CHECK_FALSE(letter_keyboard_shown(rig));
    CHECK(rig.has_widget("identify.phone.digit.0"));
    CHECK(rig.has_widget("identify.phone.backspace"));

    auto jose = find_customer(rig.app->runtime().store(), "LOY01242486");
    REQUIRE(jose.has_value());
    for (char d : digits(jose->phone)) rig.tap(std::string("identify.phone.digit.") + d);
    CHECK(rig.app->state().fields.at("identify.field") == digits(jose->phone));

    rig.tap("identify.method.qr");
    rig.frame();
    CHECK(rig.app->state().fields.at("identify.field").empty());
    CHECK_FALSE(letter_keyboard_shown(rig));
    CHECK_FALSE(rig.has_widget("identify.phone.digit.0"));
    CHECK_FALSE(rig.has_widget("kbd.enter"));

    rig.tap("identify.method.phone");
    for (char d : digits(jose->phone)) rig.tap(std::string("identify.phone.digit.") + d);
    rig.tap("identify.submit");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Verify; }));
    CHECK(rig.snap().identified_customer == jose->id);
}

TEST_CASE("a return's form: the missing-field message goes once filled; another reason is written") {
    FlowRig rig;
    customer_signs_in(rig);
    rig.tap("home.case.ORD-C0001-1");
    rig.tap("case.action.start_return");
    rig.tap("form.submit");
    const std::string missing_reason = format_missing(rig, "form.reason");
    REQUIRE(rig.wait_until([&] { return rig.shows(missing_reason); }));
    rig.tap("form.choice.reason.damaged");
    CHECK(rig.wait_until([&] { return !rig.shows(missing_reason); }));

    // "Another reason" asks which, typed on the on-screen keyboard.
    CHECK_FALSE(rig.has_widget("form.field.reason_text"));
    rig.tap("form.choice.reason.other");
    REQUIRE(rig.wait_until([&] { return rig.has_widget("form.field.reason_text"); }));
    rig.tap("form.submit");
    const std::string missing_text = format_missing(rig, "form.reason.other_text");
    REQUIRE(rig.wait_until([&] { return rig.shows(missing_text); }));
    rig.tap("form.field.reason_text");
    rig.type("The box was open");
    CHECK_FALSE(rig.shows(missing_text));
    rig.tap("kbd.enter");
    rig.tap("form.submit");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Receipt; }));
    std::string reason;
    for (const auto& cmd : commands_for_case(rig.app->runtime().store(), "ORD-C0001-1"))
        if (cmd.action == ActionType::StartReturn) reason = cmd.payload.value("reason", "");
    CHECK(reason == "The box was open");
}
