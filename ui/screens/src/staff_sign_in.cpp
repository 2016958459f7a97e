// Staff sign in with their ID and PIN. The PIN is checked against the cached salted hash, so it
// works offline; repeated failures lock sign-in for a while. A rep lands on customer search, a
// technician on today's work orders; online, the service is told so a technician's work orders
// join this terminal.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {
namespace {

void submit(ScreenEnv& env) {
    const std::string id = field_text(env, "staff.field.id");
    std::string& pin = field_text(env, "staff.field.pin");
    if (id.empty() || pin.empty()) {
        set_notice(env, env.ui.msg("form.required_missing", {{"field", env.ui.tr(id.empty() ? "staff.id_label" : "staff.pin_label")}}),
                   true);
        return;
    }
    const Status begun = env.core.begin_staff_sign_in(id, pin);
    if (begun) {
        set_notice(env, env.ui.tr("pin.checking"), false);
        return;
    }
    pin.clear();
    accept(env, begun);
}

// The check's answer, once it is in (the PIN stays in its field until then).
void finish(ScreenEnv& env) {
    const std::string id = field_text(env, "staff.field.id");
    std::string& pin = field_text(env, "staff.field.pin");
    const Status signed_in = env.core.finish_pin_check();
    const std::string entered = pin;
    pin.clear();
    if (!accept(env, signed_in)) return;
    env.state.notice.clear();
    env.state.focused_field.clear();
    const AppSnapshot& snap = env.core.snapshot();
    // The service is told the staff member's own id, whatever case was typed.
    env.online.register_staff_online(snap.identity ? snap.identity->staff_id : id, entered);
    const bool technician = snap.identity && snap.identity->role == Role::Technician;
    env.nav.reset_to(technician ? ScreenId::WorkOrders : ScreenId::CustomerSearch);
}

}  // namespace

void draw_staff_sign_in(ScreenEnv& env) {
    UiContext& ui = env.ui;
    // A PIN check's answer is taken before anything of the frame is drawn.
    if (env.core.pin_check_pending() && env.core.pin_check_ready()) finish(env);
    const bool checking = env.core.pin_check_pending();
    begin_screen(ui, "staff-sign-in");
    draw_screen_top(env);
    if (env.state.focused_field.empty() && field_text(env, "staff.field.id").empty())
        focus_field(env, "staff.field.id");
    // The keyboard stays whole at the foot; the form above scrolls when it is taller than the room.
    begin_body(env, "form", keyboard_reserve(env));
    screen_title(env, ui.tr("staff.title"), false);

    const float spacing = ui.theme().spacing();
    const float column = std::min(ImGui::GetContentRegionAvail().x * 0.5f, 480.0f * ui.theme().text_scale);
    const float left_x = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    FieldOptions id_field;
    id_field.width = column;
    keyboard_field(env, "staff.field.id", ui.tr("staff.id_label"), id_field);
    FieldOptions pin_field;
    pin_field.masked = true;
    pin_field.width = column;
    pin_field.focused = false;
    // The PIN comes from the keypad; tapping its box hides the keyboard.
    if (text_field(ui, "staff.field.pin", ui.tr("staff.pin_label"), field_text(env, "staff.field.pin"), pin_field))
        env.state.focused_field.clear();
    ImGui::Dummy(ImVec2(0, spacing));
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = !checking;
    if (button(ui, "staff.submit", ui.tr("staff.sign_in"), go)) submit(env);
    next_in_row(ui, ui.tr("common.back"));
    ButtonOptions back;
    back.enabled = !checking;
    if (button(ui, "common.back", ui.tr("common.back"), back)) {
        env.state.fields.clear();
        env.state.focused_field.clear();
        env.state.notice.clear();
        env.nav.reset_to(ScreenId::Attract);
    }
    // A message wraps inside the column, so the keypad beside it never moves.
    ImGui::PushTextWrapPos(left_x + column);
    notice_line(env);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (env.state.focused_field.empty()) {
        ImGui::SameLine(left_x + column + spacing * 3);
        ImGui::BeginGroup();
        pin_pad(env, "staff", field_text(env, "staff.field.pin"));
        ImGui::EndGroup();
    }
    end_body();
    if (focused_keyboard(env, 32) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
