// The second factor: the customer's PIN on a keypad, checked against the cached salted hash so it
// works offline. Too many wrong PINs end the session (the core resets it).
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void draw_verify(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "verify");
    draw_screen_top(env);
    screen_title(env, ui.tr("verify.title"));
    body_text(ui, ui.tr("verify.subtitle"));

    std::string& pin = field_text(env, "verify.field");
    FieldOptions masked;
    masked.masked = true;
    masked.width = std::min(ImGui::GetContentRegionAvail().x, 360.0f * ui.theme().text_scale);
    text_field(ui, "verify.field", ui.tr("verify.pin_label"), pin, masked);
    pin_pad(env, "verify", pin);

    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = pin.size() >= 4;
    if (button(ui, "verify.submit", ui.tr("common.confirm"), go)) {
        const Status verified = env.core.verify_pin(pin);
        pin.clear();
        // A lockout resets the session; the shell then returns to attract by itself.
        if (accept(env, verified)) {
            env.state.notice.clear();
            env.nav.reset_to(ScreenId::CustomerHome);
        }
    }
    // Back beside Confirm, both in reach below the keypad at every screen height.
    ImGui::SameLine();
    back_button(env);
    notice_line(env);
    muted_text(ui, ui.tr("verify.forgot"));
    end_screen();
}

}  // namespace tp::ui
