// The customer says who they are: loyalty number (the default), phone, e-mail, or the QR code of
// their app (the scanner types it like a keyboard). Found customers go on to the PIN.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {
namespace {

struct Method {
    const char* id;      // identify.method.<id>
    const char* label;   // field label key
};
constexpr Method kMethods[] = {{"loyalty", "identify.loyalty_label"},
                               {"phone", "identify.phone_label"},
                               {"email", "identify.email_label"},
                               {"qr", "identify.method.qr"}};

void submit(ScreenEnv& env) {
    std::string& text = field_text(env, "identify.field");
    if (text.empty()) return;
    if (!accept(env, env.core.identify(text))) {
        // The core's message says what went wrong; offline, say why the search is limited.
        if (!env.snap.sync.online) set_notice(env, env.ui.tr("identify.not_found_offline"), true);
        return;
    }
    env.state.notice.clear();
    env.state.focused_field.clear();
    env.nav.go(ScreenId::Verify);
}

}  // namespace

void draw_identify(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "identify");
    draw_screen_top(env);
    screen_title(env, ui.tr("identify.title"));
    body_text(ui, ui.tr("identify.subtitle"));

    if (env.state.focused_field.empty()) env.state.focused_field = "identify.field";
    std::string& method = env.state.fields["identify.method"];
    if (method.empty()) method = "loyalty";
    const Method* current = &kMethods[0];
    for (const Method& m : kMethods) {
        if (&m != &kMethods[0]) next_in_row(ui, ui.tr(std::string("identify.method.") + m.id));
        ButtonOptions o;
        o.selected = method == m.id;
        if (button(ui, std::string("identify.method.") + m.id, ui.tr(std::string("identify.method.") + m.id), o)) {
            method = m.id;
            env.state.focused_field = "identify.field";
            env.state.keyboard.reset();
        }
        if (method == m.id) current = &m;
    }
    if (method == "qr") muted_text(ui, ui.tr("identify.qr_hint"));

    FieldOptions field;
    field.width = std::min(ImGui::GetContentRegionAvail().x * 0.7f, 720.0f * ui.theme().text_scale);
    keyboard_field(env, "identify.field", ui.tr(current->label), field);
    ImGui::SameLine();
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = !field_text(env, "identify.field").empty();
    // Keep the button level with the box, below the field's label.
    if (button(ui, "identify.submit", ui.tr("common.continue"), go)) submit(env);
    notice_line(env);
    back_button(env);
    if (focused_keyboard(env, 64) == KeyboardResult::Done) submit(env);
    end_screen();
}

}  // namespace tp::ui
