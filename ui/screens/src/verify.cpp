// The second factor: the customer's PIN on a keypad, checked against the cached salted hash so it
// works offline. Too many wrong PINs end the session (the core resets it).
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void draw_verify(ScreenEnv& env) {
    UiContext& ui = env.ui;
    // The check runs beside the frames (most of a second); its answer is taken before anything
    // of the frame is drawn, so the whole frame shows it. A lockout resets the session; the shell
    // then returns to attract by itself.
    if (env.core.pin_check_pending() && env.core.pin_check_ready()) {
        const Status verified = env.core.finish_pin_check();
        field_text(env, "verify.field").clear();
        if (accept(env, verified)) {
            env.state.notice.clear();
            env.nav.reset_to(ScreenId::CustomerHome);
        }
    }
    const bool checking = env.core.pin_check_pending();
    begin_screen(ui, "verify");
    draw_screen_top(env);
    const float spacing = ui.theme().spacing();
    // Confirm and Back, and the message under them, stay at the foot; what is above scrolls on a
    // short window at large text.
    const float foot = button_row_height(ui, {ui.tr("common.confirm"), ui.tr("common.back")}) + spacing +
                       chip_line_height(ui) + spacing;
    begin_body(env, "pin", foot);
    screen_title(env, ui.tr("verify.title"), false);  // the keypad needs the height
    // What to do on the left, the keypad on the right: both whole on a short window.
    pin_entry(env, "verify", "verify.field", ui.tr("verify.subtitle"), ui.tr("verify.pin_label"), ui.tr("verify.forgot"));
    end_body();

    ButtonOptions go;
    go.tone = Tone::Primary;
    std::string& pin = field_text(env, "verify.field");
    go.enabled = pin.size() >= 4 && !checking;
    if (button(ui, "verify.submit", ui.tr("common.confirm"), go)) {
        const Status begun = env.core.begin_verify_pin(pin);
        if (begun) {
            set_notice(env, ui.tr("pin.checking"), false);
        } else {
            pin.clear();
            accept(env, begun);
        }
    }
    // Back beside Confirm, both in reach below the keypad at every screen height.
    next_in_row(ui, ui.tr("common.back"));
    back_button(env, "common.back", !checking);
    notice_line(env);
    end_screen();
}

}  // namespace tp::ui
