// Staff only, from sync diagnostics: closing the kiosk. The signed-in staff member types their
// PIN again on the keypad; it is checked like a sign-in (the cached verifier, the same lockout),
// and once right the kiosk's host quits with the exit status that keeps it closed
// (Terminal::begin_staff_exit, platform/kiosk/kiosk_window.hpp). A wrong PIN leaves it open.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {
namespace {

constexpr const char* kPinField = "exit.field";

// A wrong PIN says the kiosk stays open; a lock or a storage failure says what it says anywhere.
void refused(ScreenEnv& env, const Status& status) {
    if (status.error().code == Errc::Unauthorized && status.error().key == "staff.wrong_pin")
        set_notice(env, env.ui.tr("exit.wrong_pin"), true);
    else
        accept(env, status);
}

}  // namespace

void draw_exit_kiosk(ScreenEnv& env) {
    UiContext& ui = env.ui;
    std::string& pin = field_text(env, kPinField);
    if (env.core.pin_check_pending() && env.core.pin_check_ready()) {
        const Status approved = env.core.finish_pin_check();
        pin.clear();
        if (approved) set_notice(env, ui.tr("exit.closing"), false);
        else refused(env, approved);
    }
    const bool checking = env.core.pin_check_pending();
    const bool closing = env.core.exit_approved();
    begin_screen(ui, "exit-kiosk");
    draw_screen_top(env);
    const float spacing = ui.theme().spacing();
    const float foot = button_row_height(ui, {ui.tr("exit.confirm"), ui.tr("common.back")}) + spacing +
                       chip_line_height(ui) + spacing;
    begin_body(env, "pin", foot);
    screen_title(env, ui.tr("exit.title"), false);
    pin_entry(env, "exit", kPinField, ui.tr("exit.explain"), ui.tr("staff.pin_label"));
    end_body();

    ButtonOptions go;
    go.tone = Tone::Danger;
    go.enabled = !pin.empty() && !checking && !closing;
    if (button(ui, "exit.submit", ui.tr("exit.confirm"), go)) {
        const Status begun = env.core.begin_staff_exit(pin);
        if (begun) {
            set_notice(env, ui.tr("pin.checking"), false);
        } else {
            pin.clear();
            refused(env, begun);
        }
    }
    next_in_row(ui, ui.tr("common.back"));
    back_button(env, "common.back", !checking && !closing);
    notice_line(env);
    end_screen();
}

}  // namespace tp::ui
