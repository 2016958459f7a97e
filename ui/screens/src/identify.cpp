// The customer says who they are: loyalty number (the default), phone, e-mail, or the QR code of
// their app (the scanner types it like a keyboard). Found customers go on to the PIN. Each way
// brings its own input: the letter keyboard for loyalty number and e-mail, a digit keypad for the
// phone, none for the QR code (the scanner's keystrokes are read directly). Switching the way
// clears what was typed and any error about it.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/utf8.hpp"

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

constexpr std::size_t kMaxPhoneDigits = 15;  // E.164

// Keystrokes from a physical keyboard or a QR scanner, when no on-screen keyboard reads them:
// characters `accepted` allows are appended, BackSpace removes one, Return submits (true).
bool physical_keys(ScreenEnv& env, std::string& text, bool (*accepted)(char32_t), std::size_t max_codepoints) {
    ImGuiIO& io = ImGui::GetIO();
    bool edited = false;
    for (ImWchar ch : io.InputQueueCharacters) {
        if (ch < 0x20 || !accepted(ch) || (max_codepoints && codepoint_count(text) >= max_codepoints)) continue;
        append_utf8(text, static_cast<char32_t>(ch));
        edited = true;
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !text.empty()) {
        pop_codepoint(text);
        edited = true;
    }
    if (edited && env.state.notice_is_error) env.state.notice.clear();
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
}

bool any_char(char32_t) { return true; }
bool digit(char32_t c) { return c >= '0' && c <= '9'; }

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
    std::string& method = env.state.fields["identify.method"];
    if (method.empty()) method = "loyalty";
    const bool typed = method == "loyalty" || method == "email";  // on the letter keyboard
    if (typed && env.state.focused_field.empty()) focus_field(env, "identify.field");
    // The keyboard or keypad stays whole at the foot; what is above scrolls when it is taller
    // than the room left, the field brought into view as it is typed into.
    const float keys = typed ? keyboard_reserve(env)
                             : method == "phone" ? pin_pad_height(ui) + ui.theme().spacing() : 0.0f;
    begin_body(env, "identify", keys);
    screen_title(env, ui.tr("identify.title"), false);  // the keyboard needs the height
    body_text(ui, ui.tr("identify.subtitle"));
    const Method* current = &kMethods[0];
    for (const Method& m : kMethods) {
        if (&m != &kMethods[0]) next_in_row(ui, ui.tr(std::string("identify.method.") + m.id));
        ButtonOptions o;
        o.selected = method == m.id;
        if (button(ui, std::string("identify.method.") + m.id, ui.tr(std::string("identify.method.") + m.id), o) &&
            method != m.id) {
            method = m.id;
            field_text(env, "identify.field").clear();
            env.state.notice.clear();
            env.state.focused_field.clear();  // set again next frame for a typed way
            env.state.keyboard.reset();
        }
        if (method == m.id) current = &m;
    }
    if (method == "qr") muted_text(ui, ui.tr("identify.qr_hint"));

    FieldOptions field;
    field.width = std::min(ImGui::GetContentRegionAvail().x * 0.7f, 720.0f * ui.theme().text_scale);
    if (typed) {
        keyboard_field(env, "identify.field", ui.tr(current->label), field);
    } else {  // the keypad below or the scanner types into it
        field.focused = true;
        text_field(ui, "identify.field", ui.tr(current->label), field_text(env, "identify.field"), field);
        reveal_field(env, "identify.field");
    }
    next_in_row(ui, ui.tr("common.continue"));
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = !field_text(env, "identify.field").empty();
    // Keep the button level with the box, below the field's label.
    if (button(ui, "identify.submit", ui.tr("common.continue"), go)) submit(env);
    // Back beside Continue, so the keyboard below has the rest of the screen.
    next_in_row(ui, ui.tr("common.back"));
    back_button(env);
    notice_line(env);
    end_body();
    std::string& text = field_text(env, "identify.field");
    if (method == "phone") {
        const std::size_t before = text.size();
        pin_pad(env, "identify.phone", text, kMaxPhoneDigits);
        if (text.size() != before && env.state.notice_is_error) env.state.notice.clear();
        if (physical_keys(env, text, digit, kMaxPhoneDigits)) submit(env);
    } else if (method == "qr") {
        if (physical_keys(env, text, any_char, 64)) submit(env);
    }
    if (typed && focused_keyboard(env, 64) == KeyboardResult::Done) submit(env);
    end_screen();
}

}  // namespace tp::ui
